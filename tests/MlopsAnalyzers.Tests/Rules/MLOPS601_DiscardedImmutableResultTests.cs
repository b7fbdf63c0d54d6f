using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS601_DiscardedImmutableResultTests
{
    private static string Method(string body) => $$"""
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class Trainer
        {
            private IDataView _data;
            private readonly IDataView _readOnlyData;
            private IEstimator<ITransformer> _pipeline;

            public Trainer(IDataView data, IEstimator<ITransformer> pipeline) { _data = data; _readOnlyData = data; _pipeline = pipeline; }

            public object Run(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline, ITransformer model)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("pipeline.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax(\"Features\"))|};")]
    [InlineData("var chain = ml.Transforms.Concatenate(\"Features\", \"A\"); chain.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax(\"Features\"))|};")]
    [InlineData("model.{|MLOPS601:Transform(data)|};")]
    [InlineData("pipeline.{|MLOPS601:Fit(data)|};")]
    [InlineData("ml.Data.{|MLOPS601:ShuffleRows(data, seed: 1)|};")]
    [InlineData("ml.Data.{|MLOPS601:FilterRowsByColumn(data, \"Age\", lowerBound: 18)|};")]
    [InlineData("ml.Data.{|MLOPS601:FilterRowsByMissingValues(data, \"Age\")|};")]
    [InlineData("ml.Data.{|MLOPS601:SkipRows(data, 10)|};")]
    [InlineData("ml.Data.{|MLOPS601:TakeRows(data, 10)|};")]
    [InlineData("ml.Data.{|MLOPS601:Cache(data)|};")]
    [InlineData("ml.Data.{|MLOPS601:TrainTestSplit(data, seed: 1)|};")]
    [InlineData("ml.Data.{|MLOPS601:LoadFromTextFile<Row>(\"rows.tsv\")|};")]
    [InlineData("ml.Transforms.{|MLOPS601:NormalizeMinMax(\"Features\")|};")]
    [InlineData("ml.BinaryClassification.Trainers.{|MLOPS601:SdcaLogisticRegression()|};")]
    [InlineData("var fitted = pipeline.Fit(data); var chain = new TransformerChain<ITransformer>(fitted); chain.{|MLOPS601:Append(model)|};")]
    public Task DiscardedCalls(string statements)
        => Verify<DiscardedImmutableResultAnalyzer>.AnalyzerAsync(Method(statements + "\nreturn null;") + "\npublic class Row { public float A; }");

    [Fact]
    public Task DiscardedInLoopsAndLambdas()
        => Verify<DiscardedImmutableResultAnalyzer>.AnalyzerAsync(Method("""
            foreach (var column in new[] { "A", "B" })
            {
                pipeline.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax(column))|};
            }

            System.Action act = () => ml.Data.{|MLOPS601:ShuffleRows(data)|};
            System.Action block = () => { model.{|MLOPS601:Transform(data)|}; };
            return act;
            """));

    [Fact]
    public Task StaticFormOfTheExtension()
        => Verify<DiscardedImmutableResultAnalyzer>.AnalyzerAsync(Method("""
            LearningPipelineExtensions.{|MLOPS601:Append(pipeline, ml.Transforms.NormalizeMinMax("Features"))|};
            return null;
            """));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(\"Features\"));")]
    [InlineData("var chain = pipeline.Append(ml.Transforms.NormalizeMinMax(\"Features\"));")]
    [InlineData("_ = pipeline.Append(ml.Transforms.NormalizeMinMax(\"Features\"));")]
    [InlineData("_ = model.Transform(data);")]
    [InlineData("data = ml.Data.ShuffleRows(data);")]
    [InlineData("Use(model.Transform(data));")]
    [InlineData("ml.Model.Save(model, data.Schema, \"model.zip\");")]
    [InlineData("ml.Model.Load(\"model.zip\", out var schema);")]
    [InlineData("ml.Data.SaveAsText(data, System.IO.Stream.Null);")]
    [InlineData("var rows = new List<int>(); rows.Add(1);")]
    [InlineData("data.Preview();")]
    [InlineData("System.Func<IDataView> f = () => ml.Data.ShuffleRows(data);")]
    public Task CallsWhoseResultIsKeptOrThatAct(string statements)
        => Verify<DiscardedImmutableResultAnalyzer>.AnalyzerAsync(Method(statements + "\nreturn null;\n}\nprivate static void Use(IDataView d) { }\nprivate static void Unused() {"));

    [Fact]
    public Task AnotherTypesAppendTransformAndFit()
        => Verify<DiscardedImmutableResultAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;
            using Microsoft.ML.Data;

            public class Builder { public Builder Append(string step) => this; public object Fit(object data) => data; }

            public sealed class MyTransformer : ITransformer
            {
                public bool IsRowToRowMapper => false;
                public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
                public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new System.NotSupportedException();
                public void Save(ModelSaveContext ctx) { }
                public IDataView Transform(IDataView input) { System.Console.WriteLine("logged"); return input; }
            }

            public class Job
            {
                public void Run(Builder builder, System.Text.StringBuilder text, MyTransformer mine, IDataView data)
                {
                    builder.Append("x");
                    builder.Fit(data);
                    text.Append("x");
                    mine.Transform(data);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<DiscardedImmutableResultAnalyzer>.WithoutMlNetAsync("""
            public class Pipeline { public Pipeline Append(object step) => this; }
            public class Job { public void Run(Pipeline pipeline) { pipeline.Append(null); } }
            """);

    [Theory]
    [InlineData("pipeline.Append(;")]
    [InlineData("pipeline.Append();")]
    [InlineData("model.Transform(")]
    [InlineData("ml.Data.ShuffleRows(data, seed: );")]
    [InlineData("ml.Data.;")]
    [InlineData("undefined.Append(x);")]
    public Task IncompleteCodeDoesNotThrow(string statements)
        => Verify<DiscardedImmutableResultAnalyzer>.IncompleteCodeAsync(Method(statements + "\nreturn null;"));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixAssignsTheChainAndTheDataBack_FixAll()
        => Verify<DiscardedImmutableResultAnalyzer>.CodeFixAsync<DiscardedImmutableResultCodeFix>(Method("""
            // the normalizer
            pipeline.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax("Features"))|}; // keep me
            _pipeline.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax("Features"))|};
            this._pipeline.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax("Features"))|};
            ml.Data.{|MLOPS601:ShuffleRows(data, seed: 1)|};
            ml.Data.{|MLOPS601:FilterRowsByColumn(_data, "Age", lowerBound: 18)|};
            ml.Data.{|MLOPS601:Cache(
                data)|};
            return pipeline.Fit(data);
            """), Method("""
            // the normalizer
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features")); // keep me
            _pipeline = _pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
            this._pipeline = this._pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
            data = ml.Data.ShuffleRows(data, seed: 1);
            _data = ml.Data.FilterRowsByColumn(_data, "Age", lowerBound: 18);
            data = ml.Data.Cache(
                data);
            return pipeline.Fit(data);
            """));

    [Theory]
    [InlineData("model.{|MLOPS601:Transform(data)|};")]
    [InlineData("pipeline.{|MLOPS601:Fit(data)|};")]
    [InlineData("ml.Transforms.{|MLOPS601:NormalizeMinMax(\"Features\")|};")]
    [InlineData("ml.Data.{|MLOPS601:TrainTestSplit(data)|};")]
    [InlineData("ml.Data.{|MLOPS601:ShuffleRows(_readOnlyData)|};")]
    [InlineData("ml.Data.{|MLOPS601:ShuffleRows(Load())|};")]
    [InlineData("var chain = ml.Transforms.Concatenate(\"Features\", \"A\"); chain.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax(\"Features\"))|};")]
    [InlineData("var chain = new EstimatorChain<ITransformer>(); chain.{|MLOPS601:Append(ml.Transforms.NormalizeMinMax(\"Features\"))|};")]
    public Task NoFixWhereTheIntentIsNotEvident(string statements)
    {
        var source = Method(statements + "\nreturn null;\n}\nprivate static IDataView Load() => null!;\nprivate static void Unused() {");
        return Verify<DiscardedImmutableResultAnalyzer>.CodeFixAsync<DiscardedImmutableResultCodeFix>(source, source);
    }
}
