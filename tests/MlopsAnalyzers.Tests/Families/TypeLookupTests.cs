using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Families;

/// <summary>
/// A type defined twice must not switch a rule off: a referenced library with its own internal copy of an ML.NET type
/// (a polyfill, an internal helper) hides the real one from <c>GetTypeByMetadataName</c>, not from the analyzers.
/// </summary>
public class TypeLookupTests
{
    private const string InternalCopy = """
        namespace Microsoft.ML
        {
            internal interface ITransformer { }
        }
        """;

    [Fact]
    public void AnInternalCopyInAReferenceDoesNotHideTheRealType()
    {
        var compilation = Compile("class C { }", WithLibrary(InternalCopy));

        Assert.Null(compilation.GetTypeByMetadataName("Microsoft.ML.ITransformer"));
        var found = compilation.GetBestTypeByMetadataName("Microsoft.ML.ITransformer");
        Assert.NotNull(found);
        Assert.Equal("Microsoft.ML.Core", found!.ContainingAssembly.Name);
        Assert.NotNull(MlNetSymbols.Get(compilation)?.ITransformer);
    }

    [Fact]
    public void TheCompilationsOwnDeclarationWins()
    {
        var compilation = Compile("namespace Microsoft.ML { public interface ITransformer { } }");
        Assert.Equal("Test", compilation.GetBestTypeByMetadataName("Microsoft.ML.ITransformer")!.ContainingAssembly.Name);
    }

    [Fact]
    public void TwoVisibleCopiesAreAmbiguous()
    {
        var compilation = Compile("class C { }", WithLibrary(InternalCopy.Replace("internal", "public", System.StringComparison.Ordinal)));
        Assert.Null(compilation.GetBestTypeByMetadataName("Microsoft.ML.ITransformer"));
    }

    [Fact]
    public Task RulesStillReportWithAnInternalCopyReferenced()
    {
        var test = new Verifiers.AnalyzerTest<ModelSavedWithoutSchemaAnalyzer>
        {
            TestCode = """
                using Microsoft.ML;

                public class Trainer
                {
                    public void Save(MLContext ml, ITransformer model) => ml.Model.Save(model, {|MLOPS104:null|}, "model.zip");
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(WithLibrary(InternalCopy));
        return test.RunAsync();
    }

    private static MetadataReference WithLibrary(string source)
    {
        var library = CSharpCompilation.Create(
            "Polyfills",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return library.ToMetadataReference();
    }

    private static CSharpCompilation Compile(string source, params MetadataReference[] references)
        => CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80.AddRange(TestReferences.MlNet).AddRange(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
