using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS203_UnsaveableCustomMappingTests
{
    private const string Types = """

        public class House { public float Size; public float Price; }
        public class SizeFeatures { public float LogSize; }
        """;

    private const string Saves = """

        public static class Publisher
        {
            public static void Publish(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, "model.zip");
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("null")]
    [InlineData("contractName: null")]
    [InlineData("\"\"")]
    [InlineData("default")]
    public Task NoContractName(string contract)
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync($$"""
            using System;
            using Microsoft.ML;

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = (float)Math.Log(input.Size), {{contract}})|};
            }
            """ + Saves + Types);

    [Fact]
    public Task MessageSaysWhatIsMissing()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, "LogSize");
            }
            """ + Saves + Types,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerWarning("MLOPS203")
                .WithSpan(6, 26, 6, 119)
                .WithArguments("No CustomMappingFactory with [CustomMappingFactoryAttribute(\"LogSize\")] provides the contract name 'LogSize'"));

    [Fact]
    public Task ContractNameThatAnotherFactoryProvides_OrAFactoryWithoutTheAttribute()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;
            using Microsoft.ML.Transforms;

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, "LogSize")|};
            }

            [CustomMappingFactoryAttribute("SomethingElse")]
            public class OtherFactory : CustomMappingFactory<House, SizeFeatures>
            {
                public override Action<House, SizeFeatures> GetMapping() => (i, o) => { };
            }

            public class NoAttributeFactory : CustomMappingFactory<House, SizeFeatures>
            {
                public override Action<House, SizeFeatures> GetMapping() => (i, o) => { };
            }
            """ + Saves + Types);

    [Fact]
    public Task MappingSavedInItsMethod_OrStoredForLater()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Trainer
            {
                private IEstimator<ITransformer> _features;

                public void Train(MLContext ml, IDataView data)
                {
                    var mapping = ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, null)|};
                    var pipeline = mapping.Append(ml.Transforms.Concatenate("Features", "LogSize"));
                    pipeline = pipeline.AppendCacheCheckpoint(ml);
                    var model = pipeline.Fit(data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                }

                public void Keep(MLContext ml)
                    => _features = ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, "LogSize")|};

                public (IEstimator<ITransformer>, int) AsTuple(MLContext ml)
                    => (ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, null)|}, 1);
            }
            """ + Types);

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task ContractNameProvidedByAFactory()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;
            using Microsoft.ML.Transforms;

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml)
                    => ml.Transforms.CustomMapping<House, SizeFeatures>(LogSizeFactory.Map, "LogSize");
            }

            [CustomMappingFactoryAttribute("LogSize")]
            public class LogSizeFactory : CustomMappingFactory<House, SizeFeatures>
            {
                public static void Map(House input, SizeFeatures output) => output.LogSize = input.Size;
                public override Action<House, SizeFeatures> GetMapping() => Map;
            }
            """ + Saves + Types);

    [Fact]
    public Task ASaveOfAnotherTypeNamedModelIsNotAModelSave()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Features
            {
                public IDataView Apply(MLContext ml, IDataView data)
                    => ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, null).Fit(data).Transform(data);
            }

            public class Documents { public void Save(string path) { } }

            public class Report
            {
                public Documents Model { get; } = new Documents();

                public void Write(Report other) => other.Model.Save("report.pdf");
            }
            """ + Types);

    [Fact]
    public Task CompilationThatSavesNoModel()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Features
            {
                public IDataView Apply(MLContext ml, IDataView data)
                    => ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, null).Fit(data).Transform(data);
            }
            """ + Types);

    // ML.NET's API samples: each class fits and previews its mapping in one method; another sample saves a model.
    [Fact]
    public Task MappingFittedAndUsedInItsMethodWhileAnotherClassSaves()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;

            public static class CustomMappingSample
            {
                public static void Example()
                {
                    var ml = new MLContext();
                    var data = ml.Data.LoadFromEnumerable(new[] { new House { Size = 1 }, new House { Size = 2 } });
                    Action<House, SizeFeatures> mapping = (input, output) => output.LogSize = (float)Math.Log(input.Size);
                    var pipeline = ml.Transforms.CustomMapping(mapping, contractName: null);
                    var transformed = pipeline.Fit(data).Transform(data);
                    var rows = ml.Data.CreateEnumerable<SizeFeatures>(transformed, reuseRowObject: false);
                    foreach (var row in rows)
                    {
                        Console.WriteLine(row.LogSize);
                    }
                }

                public static void SavesAnotherModel(MLContext ml, IDataView data)
                {
                    var preview = ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, null).Fit(data).Transform(data);
                    var model = ml.Transforms.Concatenate("Features", "Size").Fit(data);
                    ml.Model.Save(model, data.Schema, "model.zip");
                }
            }
            """ + Saves + Types);

    [Fact]
    public Task ContractNameComputedAtRunTimeIsNotJudged()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml, string name)
                    => ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size, name);
            }
            """ + Saves + Types);

    [Fact]
    public Task OtherCustomMappingMethods()
        => Verify<UnsaveableCustomMappingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.ML;

            public static class MyCatalog
            {
                public static IEstimator<ITransformer> CustomMapping<TSrc, TDst>(this TransformsCatalog catalog, Action<TSrc, TDst> map, string contractName) => null;
            }

            public class Features
            {
                public IEstimator<ITransformer> Build(MLContext ml)
                    => MyCatalog.CustomMapping<House, SizeFeatures>(ml.Transforms, (input, output) => output.LogSize = input.Size, null);
            }
            """ + Saves + Types);

    [Fact]
    public Task NoMlNetReference()
        => Verify<UnsaveableCustomMappingAnalyzer>.WithoutMlNetAsync("""
            public class Transforms { public object CustomMapping<TSrc, TDst>(System.Action<TSrc, TDst> map, string contractName) => null; }
            public class Catalog { public void Save(object m, object s, string p) { } }
            public class MLContext { public Transforms Transforms { get; } = new Transforms(); public Catalog Model { get; } = new Catalog(); }
            public class Job { public void Run(MLContext ml) { ml.Transforms.CustomMapping<int, int>((a, b) => { }, null); ml.Model.Save(null, null, "m.zip"); } }
            """);

    [Theory]
    [InlineData("ml.Transforms.CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input.Size")]
    [InlineData("ml.Transforms.CustomMapping<House, SizeFeatures>(, null)")]
    [InlineData("ml.Transforms.CustomMapping<House>((input, output) => { }, null)")]
    [InlineData("ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = input., null)|}")]
    public Task IncompleteCodeDoesNotThrow(string expression)
        => Verify<UnsaveableCustomMappingAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public object Build(MLContext ml) => {{expression}};
            }
            """ + Saves + Types);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixGeneratesTheFactory_FixAllKeepsNamesDistinct()
        => Verify<UnsaveableCustomMappingAnalyzer>.CodeFixAsync<UnsaveableCustomMappingCodeFix>("""
            using System;
            using Microsoft.ML;

            namespace Prices
            {
                public class Features
                {
                    public IEstimator<ITransformer> Build(MLContext ml)
                        => ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((input, output) => output.LogSize = (float)Math.Log(input.Size), null)|}
                            .Append(ml.Transforms.{|MLOPS203:CustomMapping((House row, SizeFeatures features) =>
                            {
                                // keep the comment
                                features.LogSize = row.Size * 2;
                            }, contractName: "Doubled")|});
                }

                public static class Publisher
                {
                    public static void Publish(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, "model.zip");
                }

                public class House { public float Size; public float Price; }
                public class SizeFeatures { public float LogSize; }
            }
            """, """
            using System;
            using Microsoft.ML;

            namespace Prices
            {
                public class Features
                {
                    public IEstimator<ITransformer> Build(MLContext ml)
                        => ml.Transforms.CustomMapping<House, SizeFeatures>(HouseToSizeFeaturesMapping.Map, "HouseToSizeFeaturesMapping")
                            .Append(ml.Transforms.CustomMapping<House, SizeFeatures>(HouseToSizeFeaturesMapping2.Map, contractName: "Doubled"));
                }

                public static class Publisher
                {
                    public static void Publish(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, "model.zip");
                }

                public class House { public float Size; public float Price; }
                public class SizeFeatures { public float LogSize; }

                /// <summary>Makes the custom mapping 'HouseToSizeFeaturesMapping' loadable: ML.NET finds this factory by its contract name when it loads a saved model.</summary>
                [Microsoft.ML.Transforms.CustomMappingFactoryAttribute("HouseToSizeFeaturesMapping")]
                public sealed class HouseToSizeFeaturesMapping : Microsoft.ML.Transforms.CustomMappingFactory<House, SizeFeatures>
                {
                    public static void Map(House input, SizeFeatures output) => output.LogSize = (float)Math.Log(input.Size);

                    public override Action<House, SizeFeatures> GetMapping() => Map;
                }

                /// <summary>Makes the custom mapping 'Doubled' loadable: ML.NET finds this factory by its contract name when it loads a saved model.</summary>
                [Microsoft.ML.Transforms.CustomMappingFactoryAttribute("Doubled")]
                public sealed class HouseToSizeFeaturesMapping2 : Microsoft.ML.Transforms.CustomMappingFactory<House, SizeFeatures>
                {
                    public static void Map(House row, SizeFeatures features)
                    {
                        // keep the comment
                        features.LogSize = row.Size * 2;
                    }

                    public override Action<House, SizeFeatures> GetMapping() => Map;
                }
            }
            """);

    [Fact]
    public Task FixInTopLevelStatementsWithTheNamespaceImported()
        => Verify<UnsaveableCustomMappingAnalyzer>.CodeFixAsync<UnsaveableCustomMappingCodeFix>("""
            using System;
            using Microsoft.ML;
            using Microsoft.ML.Transforms;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(new House[0]);
            var pipeline = ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>((i, o) => o.LogSize = i.Size, null)|};
            ml.Model.Save(pipeline.Fit(data), data.Schema, "m.zip");

            public class House { public float Size; public float Price; }
            public class SizeFeatures { public float LogSize; }
            """, """
            using System;
            using Microsoft.ML;
            using Microsoft.ML.Transforms;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(new House[0]);
            var pipeline = ml.Transforms.CustomMapping<House, SizeFeatures>(HouseToSizeFeaturesMapping.Map, "HouseToSizeFeaturesMapping");
            ml.Model.Save(pipeline.Fit(data), data.Schema, "m.zip");

            public class House { public float Size; public float Price; }
            public class SizeFeatures { public float LogSize; }

            /// <summary>Makes the custom mapping 'HouseToSizeFeaturesMapping' loadable: ML.NET finds this factory by its contract name when it loads a saved model.</summary>
            [CustomMappingFactoryAttribute("HouseToSizeFeaturesMapping")]
            public sealed class HouseToSizeFeaturesMapping : CustomMappingFactory<House, SizeFeatures>
            {
                public static void Map(House i, SizeFeatures o) => o.LogSize = i.Size;

                public override Action<House, SizeFeatures> GetMapping() => Map;
            }

            """, program: true);

    [Theory]
    [InlineData("(input, output) => output.LogSize = input.Size * factor")]
    [InlineData("(input, output) => output.LogSize = Scale(input.Size)")]
    [InlineData("(input, output) => output.LogSize = input.Size * _factor")]
    [InlineData("Existing")]
    public Task NoFixWhenTheMappingCannotMove(string mapping)
    {
        var source = $$"""
            using Microsoft.ML;

            public class Features
            {
                private float _factor = 2;

                public IEstimator<ITransformer> Build(MLContext ml, float factor)
                    => ml.Transforms.{|MLOPS203:CustomMapping<House, SizeFeatures>({{mapping}}, null)|};

                private static float Scale(float x) => x;

                private static void Existing(House input, SizeFeatures output) { }
            }
            """ + Saves + Types;
        return Verify<UnsaveableCustomMappingAnalyzer>.CodeFixAsync<UnsaveableCustomMappingCodeFix>(source, source);
    }
}
