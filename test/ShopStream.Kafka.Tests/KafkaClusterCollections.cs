namespace ShopStream.Kafka.Tests;

// The tests that talk to a KafkaCluster (each with topics of its own) are in three collections, each with a cluster of
// its own: xunit runs a collection's tests one after another and the collections side by side (xunit.runner.json
// lets up to four tests run at once). Most of these tests wait (session timeouts, rebalances, hand-over and idle waits) rather
// than compute: in one collection they took 5.5 minutes with the test process at about 5% of a core, the longest
// part of the whole test run. The split is by time (test durations from a TRX log, session 22): the idle-wait tests
// alone take about as long as each of the other two.

/// <summary>Instances that wait while idle: about 95 s of waiting on their own.</summary>
[CollectionDefinition(Name)]
public sealed class IdleWaitCluster : ICollectionFixture<KafkaCluster>
{
    public const string Name = "kafka cluster: idle waits";
}

/// <summary>Consumer groups: lost partitions, killed instances, rebalances in the group reader.</summary>
[CollectionDefinition(Name)]
public sealed class GroupCluster : ICollectionFixture<KafkaCluster>
{
    public const string Name = "kafka cluster: consumer groups";
}

/// <summary>Ingest and publishing, the commands, signals, processing and serving from a topic.</summary>
[CollectionDefinition(Name)]
public sealed class IngestCluster : ICollectionFixture<KafkaCluster>
{
    public const string Name = "kafka cluster: ingest and commands";
}
