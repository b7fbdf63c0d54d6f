using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlopsAnalyzers.Tests.Verifiers;

/// <summary>
/// The references every test compilation gets: the .NET 8 reference assemblies (from a package, so nothing is
/// downloaded at test time) and the ML.NET assemblies of this test project's own Microsoft.ML package.
/// </summary>
public static class TestReferences
{
    /// <summary>No reference-assembly package to resolve: the framework comes from <see cref="Net80"/>.</summary>
    public static ReferenceAssemblies None { get; } = new("net8.0-none");

    public static ImmutableArray<MetadataReference> Net80 { get; } =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>Every managed Microsoft.ML*.dll copied next to the tests (Microsoft.ML.Data, .Core, .DataView, trainers, transforms).</summary>
    public static ImmutableArray<MetadataReference> MlNet { get; } = LoadMlNet();

    /// <summary>The runtime library (MlopsAnalyzers.Abstractions), for fixes offered only when a project references it.</summary>
    public static MetadataReference Abstractions { get; } =
        MetadataReference.CreateFromFile(System.Reflection.Assembly.Load("MlopsAnalyzers.Abstractions").Location);

    private static ImmutableArray<MetadataReference> LoadMlNet()
    {
        // Touch a type of each core assembly so a trimmed copy would fail loudly here, not as a confusing test failure.
        _ = typeof(Microsoft.ML.MLContext);
        _ = typeof(Microsoft.ML.IDataView);
        _ = typeof(Microsoft.ML.ITransformer);

        var directory = AppContext.BaseDirectory;
        var references = Directory.GetFiles(directory, "Microsoft.ML*.dll")
            .Where(IsManagedAssembly)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
        if (references.Length < 3)
        {
            throw new InvalidOperationException($"Expected the ML.NET assemblies next to the tests in '{directory}'.");
        }

        return references;
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
