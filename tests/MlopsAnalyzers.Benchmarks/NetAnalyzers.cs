using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// The .NET SDK's code-analysis analyzers (the Microsoft.CodeAnalysis.NetAnalyzers package, the version the .NET 10.0.401
/// SDK ships), loaded as a compiler host loads them from the C# analyzer assemblies the build copies to
/// <c>NetAnalyzers/</c>: the reference against which MlopsAnalyzers' time per rule is compared.
/// </summary>
public static class NetAnalyzers
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new(Load);

    /// <summary>Every C# analyzer of the package.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => s_analyzers.Value;

    /// <summary>
    /// Every rule the analyzers support as a warning, as <c>AnalysisMode=All</c> enables them (most are off or
    /// hidden by default): every analyzer runs, as in a project that opts into all of them.
    /// </summary>
    public static ImmutableDictionary<string, ReportDiagnostic> AllRulesAsWarnings(ImmutableArray<DiagnosticAnalyzer> analyzers)
        => analyzers.SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);

    private static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "NetAnalyzers");
        var paths = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal).ToArray() : [];
        var loader = new Loader();
        var analyzers = paths
            .SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(LanguageNames.CSharp))
            .OrderBy(a => a.GetType().FullName, StringComparer.Ordinal)
            .ToImmutableArray();
        return analyzers.Length > 0
            ? analyzers
            : throw new InvalidOperationException($"No NetAnalyzers analyzer found in {folder} (the build copies them from the Microsoft.CodeAnalysis.NetAnalyzers package).");
    }

    /// <summary>Loads analyzer assemblies into the default context, where the hosted compiler already is.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
