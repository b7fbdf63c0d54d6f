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

    /// <summary>The S3 store of the runtime library (MlopsAnalyzers.Abstractions.AmazonS3).</summary>
    public static MetadataReference AmazonS3Store { get; } =
        MetadataReference.CreateFromFile(System.Reflection.Assembly.Load("MlopsAnalyzers.Abstractions.AmazonS3").Location);

    /// <summary>The Azure Blob Storage store of the runtime library (MlopsAnalyzers.Abstractions.AzureBlobs).</summary>
    public static MetadataReference AzureBlobsStore { get; } =
        MetadataReference.CreateFromFile(System.Reflection.Assembly.Load("MlopsAnalyzers.Abstractions.AzureBlobs").Location);

    /// <summary>AWSSDK.S3 and AWSSDK.Core, for tests of uploads to S3 (add them with <see cref="TestLibraries.AwsS3"/>).</summary>
    public static ImmutableArray<MetadataReference> AwsS3 { get; } = FromPackages(("AWSSDK.Core", "AWSSDK.Core.dll"), ("AWSSDK.S3", "AWSSDK.S3.dll"));

    /// <summary>Azure.Storage.Blobs and what its public API exposes, for tests of Blob uploads (<see cref="TestLibraries.AzureBlobs"/>).</summary>
    public static ImmutableArray<MetadataReference> AzureBlobs { get; } = FromPackages(
        ("Azure.Core", "Azure.Core.dll"),
        ("Azure.Storage.Common", "Azure.Storage.Common.dll"),
        ("Azure.Storage.Blobs", "Azure.Storage.Blobs.dll"),
        ("System.ClientModel", "System.ClientModel.dll"),
        ("System.Memory.Data", "System.Memory.Data.dll"));

    /// <summary>
    /// The net8.0 (else netstandard) build of package assemblies, at the versions this test project restored (read from
    /// its deps.json) in the NuGet package folder: the copies next to the tests may target a newer framework than the
    /// .NET 8 references of the test compilations.
    /// </summary>
    private static ImmutableArray<MetadataReference> FromPackages(params (string Package, string Assembly)[] assemblies)
    {
        var packageRoot = typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var depsFile = Path.Combine(AppContext.BaseDirectory, typeof(TestReferences).Assembly.GetName().Name + ".deps.json");
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = deps.RootElement.GetProperty("libraries");
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var (package, assembly) in assemblies)
        {
            var library = libraries.EnumerateObject().Single(l => l.Name.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase));
            var lib = Path.Combine(packageRoot, library.Value.GetProperty("path").GetString()!, "lib");
            var path = new[] { "net8.0", "netstandard2.1", "netstandard2.0" }
                .Select(framework => Path.Combine(lib, framework, assembly))
                .FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"No net8.0 or netstandard build of {assembly} under '{lib}'.");
            references.Add(MetadataReference.CreateFromFile(path));
        }

        return references.ToImmutable();
    }

    /// <summary>
    /// System.Collections.Immutable in the version Microsoft.ML.Transforms references (9 for ML.NET 5), from the NuGet
    /// package folder (Microsoft.ML depends on that package, so restore puts it there): the .NET 8 reference assemblies
    /// carry version 8, and calls whose signatures use immutable collections (<c>PermutationFeatureImportance</c>) do not
    /// bind without it (CS1705). Added only by the tests that need it.
    /// </summary>
    public static ImmutableArray<MetadataReference> CollectionsImmutableForMlNet { get; } = LoadCollectionsImmutableForMlNet();

    private static ImmutableArray<MetadataReference> LoadCollectionsImmutableForMlNet()
    {
        var wanted = typeof(Microsoft.ML.PermutationFeatureImportanceExtensions).Assembly.GetReferencedAssemblies()
            .Single(a => a.Name == "System.Collections.Immutable").Version!;
        var packageRoot = typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var package = Path.Combine(packageRoot, "system.collections.immutable");
        var path = (Directory.Exists(package) ? Directory.GetDirectories(package) : Array.Empty<string>())
            .Select(directory => (Directory: directory, Version: Version.TryParse(Path.GetFileName(directory), out var version) ? version : null))
            .Where(candidate => candidate.Version is { } version && version.Major == wanted.Major)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "lib", "net8.0", "System.Collections.Immutable.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No System.Collections.Immutable {wanted.Major}.x package under '{package}'.");
        return ImmutableArray.Create<MetadataReference>(MetadataReference.CreateFromFile(path));
    }

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
