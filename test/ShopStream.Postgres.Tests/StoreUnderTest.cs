namespace ShopStream.Postgres.Tests;

/// <summary>A fresh database with a sink and a serving store on it, disposed together.</summary>
internal sealed class StoreUnderTest : IAsyncDisposable
{
    private StoreUnderTest(TestDatabase database)
    {
        Database = database;
        var builder = new PostgresStoreBuilder(database.ConnectionString);
        Sink = builder.BuildSink();
        Store = builder.BuildServingStore();
    }

    public TestDatabase Database { get; }

    public PostgresResultSink Sink { get; }

    public PostgresServingStore Store { get; }

    public static async Task<StoreUnderTest> CreateAsync(PostgresServer server) => new(await server.CreateDatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        await Store.DisposeAsync();
    }
}
