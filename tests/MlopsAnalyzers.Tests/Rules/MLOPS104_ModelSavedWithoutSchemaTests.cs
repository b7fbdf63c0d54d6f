using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS104_ModelSavedWithoutSchemaTests
{
    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Model.Save(model, {|MLOPS104:null|}, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:default|}, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:null!|}, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:(DataViewSchema)null|}, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:inputSchema: null|}, filePath: \"model.zip\")")]
    [InlineData("ml.Model.Save(filePath: \"model.zip\", {|MLOPS104:inputSchema: null|}, model: model)")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:null|}, stream)")]
    public Task NullSchema(string save)
        => Verify<ModelSavedWithoutSchemaAnalyzer>.AnalyzerAsync($$"""
            using System.IO;
            using Microsoft.ML;

            public class Publisher
            {
                public void Publish(MLContext ml, ITransformer model, Stream stream)
                {
                    {{save}};
                }
            }
            """);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, schema, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, loader, \"model.zip\")")]
    [InlineData("ml.Model.Save(model, model.GetOutputSchema(data.Schema), stream)")]
    public Task SchemaGiven(string save)
        => Verify<ModelSavedWithoutSchemaAnalyzer>.AnalyzerAsync($$"""
            using System.IO;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            public class Publisher
            {
                public void Publish(MLContext ml, ITransformer model, IDataView data, Stream stream, IDataLoader<IMultiStreamSource> loader)
                {
                    DataViewSchema schema = null;
                    {{save}};
                }
            }
            """);

    [Fact]
    public Task AnotherTypesSave()
        => Verify<ModelSavedWithoutSchemaAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class ModelStore
            {
                public Catalog Model { get; } = new Catalog();
            }

            public class Catalog
            {
                public void Save(ITransformer model, DataViewSchema inputSchema, string filePath) { }
            }

            public static class Extensions
            {
                public static void Save(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema schema, string path, bool compress) { }
            }

            public class Publisher
            {
                public void Publish(MLContext ml, ModelStore store, ITransformer model)
                {
                    store.Model.Save(model, null, "model.zip");
                    ml.Model.Save(model, null, "model.zip", compress: true);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<ModelSavedWithoutSchemaAnalyzer>.WithoutMlNetAsync("""
            public class Catalog { public void Save(object model, object inputSchema, string filePath) { } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Job { public void Run(MLContext ml) => ml.Model.Save(new object(), null, "model.zip"); }
            """);

    [Theory]
    [InlineData("ml.Model.Save(model, null")]
    [InlineData("ml.Model.Save(model, null, )")]
    [InlineData("ml.Model.Save(, null, \"m.zip\")")]
    [InlineData("ml.Model.Save(model, null, \"m.zip\", 3)")]
    [InlineData("ml.Model.Save(model, {|MLOPS104:null|}, \"m.zip\"")]
    [InlineData("ml.Model.Save(")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ModelSavedWithoutSchemaAnalyzer>.IncompleteCodeAsync($$"""
            using Microsoft.ML;

            public class Typing
            {
                public void Save(MLContext ml, ITransformer model)
                {
                    {{body}}
                }
            }
            """);

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixPassesTheSchemaOfTheTrainingData_FixAll()
        => Verify<ModelSavedWithoutSchemaAnalyzer>.CodeFixAsync<ModelSavedWithoutSchemaCodeFix>("""
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, seed: 1);
                    var pipeline = ml.Regression.Trainers.Sdca();

                    var model = pipeline.Fit(split.TrainSet);
                    ml.Model.Save(model, {|MLOPS104:null|} /* TODO */, "model.zip");

                    var full = pipeline.Fit(data);
                    ml.Model.Save(full, {|MLOPS104:inputSchema: null|}, filePath: "full.zip");

                    ml.Model.Save(pipeline.Fit(split.TestSet), {|MLOPS104:null|}, "test.zip");
                }
            }
            """, """
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, IDataView data)
                {
                    var split = ml.Data.TrainTestSplit(data, seed: 1);
                    var pipeline = ml.Regression.Trainers.Sdca();

                    var model = pipeline.Fit(split.TrainSet);
                    ml.Model.Save(model, split.TrainSet.Schema /* TODO */, "model.zip");

                    var full = pipeline.Fit(data);
                    ml.Model.Save(full, inputSchema: data.Schema, filePath: "full.zip");

                    ml.Model.Save(pipeline.Fit(split.TestSet), split.TestSet.Schema, "test.zip");
                }
            }
            """);

    [Fact]
    public Task FixInTopLevelStatementsWithALocalDataView()
        => Verify<ModelSavedWithoutSchemaAnalyzer>.CodeFixAsync<ModelSavedWithoutSchemaCodeFix>("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var trainingData = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            ITransformer model = ml.Regression.Trainers.Sdca("Price", "Size").Fit(trainingData);
            ml.Model.Save(model, {|MLOPS104:null|}, "model.zip");

            public class House { public float Size; public float Price; }
            """, """
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var trainingData = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            ITransformer model = ml.Regression.Trainers.Sdca("Price", "Size").Fit(trainingData);
            ml.Model.Save(model, trainingData.Schema, "model.zip");

            public class House { public float Size; public float Price; }
            """, program: true);

    [Theory]
    [InlineData("var model = ml.Model.Load(\"old.zip\", out _);", "model")]
    [InlineData("var model = pipeline.Fit(data); model = pipeline.Fit(other);", "model")]
    [InlineData("var model = pipeline.Fit(ml.Data.LoadFromTextFile<House>(\"houses.csv\"));", "model")]
    [InlineData("var d = data; d = other; var model = pipeline.Fit(d);", "model")]
    [InlineData("ITransformer model; { var scoped = data; model = pipeline.Fit(scoped); }", "model")]
    [InlineData("var model = Train(data);", "model")]
    [InlineData("var model = pipeline.Fit(data);", "model ?? pipeline.Fit(other)")]
    public Task NoFixWhenTheTrainingDataIsAmbiguous(string statements, string saved)
    {
        var source = $$"""
            using Microsoft.ML;

            public class Trainer
            {
                public void Run(MLContext ml, IDataView data, IDataView other)
                {
                    var pipeline = ml.Regression.Trainers.Sdca();
                    {{statements}}
                    ml.Model.Save({{saved}}, {|MLOPS104:null|}, "model.zip");
                }

                private ITransformer Train(IDataView data) => null;
            }

            public class House { public float Size; public float Price; }
            """;
        return Verify<ModelSavedWithoutSchemaAnalyzer>.CodeFixAsync<ModelSavedWithoutSchemaCodeFix>(source, source);
    }

    [Fact]
    public Task NoFixWhenTheParameterIsReassigned()
    {
        const string source = """
            using Microsoft.ML;

            public class Trainer
            {
                public void Run(MLContext ml, IDataView data, IDataView other)
                {
                    var model = ml.Regression.Trainers.Sdca().Fit(data);
                    data = other;
                    ml.Model.Save(model, {|MLOPS104:null|}, "model.zip");
                }
            }
            """;
        return Verify<ModelSavedWithoutSchemaAnalyzer>.CodeFixAsync<ModelSavedWithoutSchemaCodeFix>(source, source);
    }
}
