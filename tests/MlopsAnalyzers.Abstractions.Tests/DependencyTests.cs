using System;
using System.Linq;
using System.Reflection;

namespace MlopsAnalyzers.Abstractions.Tests;

/// <summary>The runtime library must stay light: it may depend on ML.NET and the framework, nothing else.</summary>
public class DependencyTests
{
    [Fact]
    public void ReferencesOnlyMlNetAndTheFramework()
    {
        var assembly = Assembly.Load("MlopsAnalyzers.Abstractions");
        var unexpected = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => !(name.StartsWith("Microsoft.ML", StringComparison.Ordinal)
                || name.StartsWith("System", StringComparison.Ordinal)
                || name is "netstandard" or "mscorlib"))
            .ToList();
        Assert.Empty(unexpected);
    }
}
