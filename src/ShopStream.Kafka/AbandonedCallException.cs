using Confluent.Kafka;

namespace ShopStream.Kafka;

/// <summary>A Kafka call that <see cref="BoundedCall"/> gave up waiting for: its client is still inside it.</summary>
internal sealed class AbandonedCallException(string reason) : KafkaException(new Error(ErrorCode.Local_TimedOut, reason));
