using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsAnalyzers.Abstractions.Tracking;

namespace ChurnExperiments;

/// <summary>
/// Three ways of estimating how well a churn model will do, each with an evaluation mistake the analyzers catch.
/// Runs are recorded as experiment "churn" (except where MLOPS403 says otherwise).
/// </summary>
public sealed class ChurnExperiment
{
    private const string Experiment = "churn";

    private readonly MLContext _ml = new MLContext(seed: 7);

    public IDataView Load(string path) => _ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');

    /// <summary>Trains a logistic regression and records its quality.</summary>
    public ITransformer TrainLogisticRegression(IDataView data)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.25);
        var pipeline = _ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls))
            // MLOPS405: tenure (months), charges (currency) and calls (counts) reach SDCA on their own scales.
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned), l2Regularization: null, l1Regularization: null, maximumNumberOfIterations: null));
        var model = pipeline.Fit(split.TrainSet);

        var metrics = ExperimentTracker.Default.RecordEvaluation(
            Experiment,
            // MLOPS401: scored on the rows it was trained on: the recorded AUC is the training AUC.
            _ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet), labelColumnName: nameof(Customer.Churned)));
        Console.WriteLine($"Logistic regression: AUC {metrics.AreaUnderRocCurve:0.000}");
        return model;
    }

    /// <summary>Compares an averaged perceptron by cross-validation.</summary>
    public void CrossValidatePerceptron(IDataView data)
    {
        var pipeline = _ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.BinaryClassification.Trainers.AveragedPerceptron(labelColumnName: nameof(Customer.Churned), learningRate: 1F, decreaseLearningRate: false, l2Regularization: 0F, numberOfIterations: 10));

        // MLOPS403: the fold metrics only reach the console: nothing is left to compare the next run with.
        var folds = _ml.BinaryClassification.CrossValidateNonCalibrated(data, pipeline, numberOfFolds: 4, labelColumnName: nameof(Customer.Churned));
        Console.WriteLine($"Averaged perceptron: mean AUC {folds.Average(f => f.Metrics.AreaUnderRocCurve):0.000} over {folds.Count} folds");
    }

    /// <summary>Trains a linear SVM on normalized features, evaluated on a held-out quarter.</summary>
    public void TrainLinearSvm(IDataView data)
    {
        var normalizer = _ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls))
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(data);

        // MLOPS402: the normalizer learned its means and variances from the test rows too.
        var split = _ml.Data.TrainTestSplit(normalizer.Transform(data), testFraction: 0.25);
        var model = _ml.BinaryClassification.Trainers.LinearSvm(labelColumnName: nameof(Customer.Churned), numberOfIterations: 1).Fit(split.TrainSet);
        var metrics = ExperimentTracker.Default.RecordEvaluation(
            Experiment,
            _ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet), labelColumnName: nameof(Customer.Churned)));
        Console.WriteLine($"Linear SVM: AUC {metrics.AreaUnderRocCurve:0.000}");
    }

    /// <summary>Trains L-BFGS logistic regression on a split that keeps customers of one outcome together.</summary>
    public void TrainLbfgs(IDataView data)
    {
        // MLOPS404: keyed by the label, every churned customer lands on the same side of the split.
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.25, samplingKeyColumnName: nameof(Customer.Churned));
        var pipeline = _ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            // MLOPS304: the run below records the trainer's name, but its hyperparameters are this ML.NET version's defaults, written nowhere.
            .Append(_ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: nameof(Customer.Churned)));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(Customer.Churned));

        using var run = ExperimentTracker.Default.StartRun(Experiment, runName: "lbfgs");
        run.LogParameter("trainer", "LbfgsLogisticRegression").LogMetrics(metrics);
    }

    /// <summary>The best recorded run so far.</summary>
    public RunRecord? BestRun() => ExperimentTracker.Default.GetBestRun(Experiment, "AreaUnderRocCurve", MetricGoal.Maximize);
}
