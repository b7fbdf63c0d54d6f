namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// Tests that start the dotnet CLI run one at a time (the machine has few cores); those that need the packed nupkg
/// share one <see cref="PackageFeed"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotNetCliCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "dotnet CLI";
}
