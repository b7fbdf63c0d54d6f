using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS604_TransformedColumnNeverUsedTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;

        public class Trainer
        {
            private const string AgeNorm = "AgeNorm";

            public object Run(MLContext ml, IDataView data, IEstimator<ITransformer> prep, string column)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Transforms.{|MLOPS604:NormalizeMinMax|}(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\", \"Size\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.{|MLOPS604:ReplaceMissingValues|}(AgeNorm, \"Age\").Append(ml.Transforms.Concatenate(\"Features\", new[] { \"Age\", \"Size\" })).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.Concatenate(\"Raw\", \"Size\").Append(ml.Transforms.{|MLOPS604:NormalizeMinMax|}(\"Scaled\", \"Raw\")).Append(ml.Regression.Trainers.Sdca(featureColumnName: \"Raw\"))")]
    [InlineData("ml.Transforms.Categorical.{|MLOPS604:OneHotEncoding|}(outputColumnName: \"CityEncoded\", inputColumnName: \"City\").Append(ml.Transforms.Concatenate(\"Features\", \"City\")).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())")]
    public Task TransformedColumnDroppedForTheRawOne(string chain)
        => Verify<TransformedColumnNeverUsedAnalyzer>.AnalyzerAsync(Method($"return {chain};"));

    [Fact]
    public Task MessageNamesBothColumns()
        => Verify<TransformedColumnNeverUsedAnalyzer>.AnalyzerAsync(
            Method("return ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca());"),
            new DiagnosticResult("MLOPS604", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
                .WithSpan(9, 30, 9, 45)
                .WithArguments("NormalizeMinMax", "AgeNorm", "Age", "'Concatenate'"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"AgeNorm\", \"Size\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"Age\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\"))")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Size\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", column).Append(ml.Transforms.Concatenate(\"Features\", column)).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(prep).Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca())")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca(labelColumnName: \"AgeNorm\"))")]
    [InlineData("ml.Transforms.NormalizeMinMax(\"PriceNorm\", \"Price\").Append(ml.Transforms.Concatenate(\"Features\", \"Size\")).Append(ml.Regression.Trainers.Sdca(labelColumnName: \"Price\"))")]
    public Task ChainsThatUseTheirColumnsOrCannotBeRead(string chain)
        => Verify<TransformedColumnNeverUsedAnalyzer>.AnalyzerAsync(Method($"return {chain};"));

    [Fact]
    public Task TheTransformedColumnIsReadOutsideTheChain()
        => Verify<TransformedColumnNeverUsedAnalyzer>.AnalyzerAsync(Method("""
            var model = ml.Transforms.NormalizeMinMax("AgeNorm", "Age").Append(ml.Transforms.Concatenate("Features", "Age")).Append(ml.Regression.Trainers.Sdca()).Fit(data);
            return model.Transform(data).Schema["AgeNorm"];
            """));

    [Fact]
    public Task NoMlNetReference()
        => Verify<TransformedColumnNeverUsedAnalyzer>.WithoutMlNetAsync("""
            public class Step { public Step Append(Step s) => s; }
            public class Job { public object Run(Step a, Step b) => a.Append(b).Append(a); }
            """);

    [Theory]
    [InlineData("return ml.Transforms.NormalizeMinMax(\"AgeNorm\", ).Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(ml.Regression.Trainers.Sdca());")]
    [InlineData("return ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append(ml.Transforms.Concatenate(\"Features\", \"Age\")).Append(;")]
    [InlineData("return ml.Transforms.NormalizeMinMax(\"AgeNorm\", \"Age\").Append().Append(ml.Regression.Trainers.Sdca());")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<TransformedColumnNeverUsedAnalyzer>.IncompleteCodeAsync(Method(body));
}
