using System.Threading.Tasks;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS406_ModelChosenOnAccuracyFixTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.AutoML;
        using Microsoft.ML.Data;

        public class Selection
        {
            public object Run(MLContext ml, CalibratedBinaryClassificationMetrics a, CalibratedBinaryClassificationMetrics b)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """ + Stubs.AutoML;

    private static string WithoutAutoMLImport(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class Selection
        {
            public object Run(MLContext ml, CalibratedBinaryClassificationMetrics a, CalibratedBinaryClassificationMetrics b)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """ + Stubs.AutoML;

    [Fact]
    public Task FixSetsTheOptimizingMetric_FixAll()
        => Verify<ModelChosenOnAccuracyAnalyzer>.CodeFixAsync<MlopsAnalyzers.CodeFixes.ModelChosenOnAccuracyCodeFix>(Method("""
            var x = {|MLOPS406:ml.Auto().CreateBinaryClassificationExperiment(60)|};
            var y = {|MLOPS406:ml.Auto().CreateMulticlassClassificationExperiment(new MulticlassExperimentSettings { MaxExperimentTimeInSeconds = 30 })|};
            var z = {|MLOPS406:ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings())|};
            return (x, y, z);
            """), Method("""
            var x = ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings { MaxExperimentTimeInSeconds = 60, OptimizingMetric = BinaryClassificationMetric.AreaUnderRocCurve });
            var y = ml.Auto().CreateMulticlassClassificationExperiment(new MulticlassExperimentSettings { MaxExperimentTimeInSeconds = 30, OptimizingMetric = MulticlassClassificationMetric.LogLoss });
            var z = ml.Auto().CreateBinaryClassificationExperiment(new BinaryExperimentSettings() { OptimizingMetric = BinaryClassificationMetric.AreaUnderRocCurve });
            return (x, y, z);
            """));

    [Fact]
    public Task FixQualifiesTheTypesWhenAutoMLIsNotImported()
        => Verify<ModelChosenOnAccuracyAnalyzer>.CodeFixAsync<MlopsAnalyzers.CodeFixes.ModelChosenOnAccuracyCodeFix>(
            WithoutAutoMLImport("return {|MLOPS406:Microsoft.ML.AutoML.MLContextExtension.Auto(ml).CreateBinaryClassificationExperiment(60)|};"),
            WithoutAutoMLImport("return Microsoft.ML.AutoML.MLContextExtension.Auto(ml).CreateBinaryClassificationExperiment(new Microsoft.ML.AutoML.BinaryExperimentSettings { MaxExperimentTimeInSeconds = 60, OptimizingMetric = Microsoft.ML.AutoML.BinaryClassificationMetric.AreaUnderRocCurve });"));

    [Fact]
    public Task NoFixForAComparison()
    {
        var source = Method("return {|MLOPS406:a.Accuracy > b.Accuracy|} ? a : b;");
        return Verify<ModelChosenOnAccuracyAnalyzer>.CodeFixAsync<MlopsAnalyzers.CodeFixes.ModelChosenOnAccuracyCodeFix>(source, source);
    }
}
