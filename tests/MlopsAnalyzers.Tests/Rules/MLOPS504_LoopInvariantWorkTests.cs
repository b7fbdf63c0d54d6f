using System.Threading.Tasks;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS504_LoopInvariantWorkTests
{
    private static string Method(string body) => $$"""
        using System.Collections.Generic;
        using Microsoft.ML;

        public class House { public float Size; public float Price; }
        public class Prediction { public float Score; }

        public class Job
        {
            private readonly IDataView _data = null!;

            public object Run(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, PredictionEngine<House, Prediction> engine, List<House> houses, int runs)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ITransformer model = null!; for (var i = 0; i < runs; i++) { model = pipeline.{|MLOPS504:Fit|}(data); } return model;")]
    [InlineData("var models = new List<ITransformer>(); foreach (var h in houses) { models.Add(pipeline.{|MLOPS504:Fit|}(_data)); } return models;")]
    [InlineData("var trainer = ml.Regression.Trainers.Sdca(); var n = 0; while (n++ < runs) { trainer.{|MLOPS504:Fit|}(data); } return n;")]
    [InlineData("var sum = 0f; foreach (var house in ml.Data.CreateEnumerable<House>(data, reuseRowObject: false)) { sum += engine.{|MLOPS504:Predict|}(house).Score; } return sum;")]
    public Task LoopInvariantWork(string body)
        => Verify<LoopInvariantWorkAnalyzer>.AnalyzerAsync(Method(body));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ITransformer model = null!; foreach (var h in houses) { var d = ml.Data.LoadFromEnumerable(new[] { h }); model = pipeline.Fit(d); } return model;")]
    [InlineData("ITransformer model = null!; for (var i = 0; i < runs; i++) { data = ml.Data.ShuffleRows(data, seed: i); model = pipeline.Fit(data); } return model;")]
    [InlineData("ITransformer model = null!; for (var i = 0; i < runs; i++) { var p = ml.Regression.Trainers.Sdca(maximumNumberOfIterations: i); model = p.Fit(data); } return model;")]
    [InlineData("ITransformer model = null!; foreach (var e in new[] { pipeline }) { model = e.Fit(data); } return model;")]
    [InlineData("return pipeline.Fit(data);")]
    [InlineData("var sum = 0f; foreach (var house in houses) { sum += engine.Predict(house).Score; } return sum;")]
    [InlineData("var sum = 0f; foreach (var house in ml.Data.CreateEnumerable<House>(data, false)) { sum += engine.Predict(new House { Size = house.Size }).Score; } return sum;")]
    [InlineData("System.Func<ITransformer> f = () => pipeline.Fit(data); for (var i = 0; i < runs; i++) { } return f;")]
    public Task WorkThatChangesOrRunsOnce(string body)
        => Verify<LoopInvariantWorkAnalyzer>.AnalyzerAsync(Method(body));

    [Fact]
    public Task NoMlNetReference()
        => Verify<LoopInvariantWorkAnalyzer>.WithoutMlNetAsync("""
            public class Estimator { public object Fit(object data) => data; }
            public class Job { public void Run(Estimator e, object d) { for (var i = 0; i < 3; i++) { e.Fit(d); } } }
            """);

    [Theory]
    [InlineData("for (var i = 0; i < runs; i++) { pipeline.Fit(; } return null;")]
    [InlineData("foreach (var house in ml.Data.CreateEnumerable<House>(data, )) { engine.Predict(house); } return null;")]
    [InlineData("foreach (var house in ) { engine.Predict(house); } return null;")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<LoopInvariantWorkAnalyzer>.IncompleteCodeAsync(Method(body));
}
