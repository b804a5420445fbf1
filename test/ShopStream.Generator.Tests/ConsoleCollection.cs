namespace ShopStream.Generator.Tests;

/// <summary>
/// Tests that run <c>Program.Main</c> redirect the process-wide <see cref="Console"/>; they share this collection,
/// which runs its tests one at a time and never alongside another collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
