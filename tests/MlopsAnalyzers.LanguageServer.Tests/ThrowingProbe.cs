using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlopsAnalyzers.LanguageServer.Tests;

/// <summary>
/// An analyzer that throws when a file contains <see cref="Marker"/>, loaded into the fixture next to the MLOPS
/// analyzers. The test types the marker once to prove that it notices an analyzer exception through the server,
/// so that "no analyzer exception while typing" is a check that can fail.
/// </summary>
public static class ThrowingProbe
{
    public const string Marker = "/* lsp-probe: throw */";

    private const string Source = $$"""
        using System;
        using System.Collections.Immutable;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.Diagnostics;

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class ThrowOnMarkerAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
                "LSPPROBE", "Probe", "Probe", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterSyntaxTreeAction(c =>
                {
                    if (c.Tree.GetText(c.CancellationToken).ToString().Contains("{{Marker}}"))
                    {
                        throw new InvalidOperationException("lsp-probe: thrown on purpose");
                    }
                });
            }
        }
        """;

    /// <summary>Compiles the probe into <paramref name="directory"/> and returns the assembly's path.</summary>
    public static string Build(string directory)
    {
        // The server runs on the same runtime as this test (.NET 10): the probe references its assemblies.
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"));
        var references = platform
            .Append(typeof(DiagnosticAnalyzer).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "MlopsAnalyzers.LspProbe",
            new[] { CSharpSyntaxTree.ParseText(Source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "MlopsAnalyzers.LspProbe.dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException("The probe analyzer does not compile:\n" + string.Join('\n', result.Diagnostics));
        }

        return path;
    }
}
