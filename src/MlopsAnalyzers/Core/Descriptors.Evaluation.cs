using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MLOPS401_EvaluatedOnTrainingData = Create(
        RuleIdentifiers.EvaluatedOnTrainingData,
        RuleCategories.Evaluation,
        RuleLevel.BuildWarning,
        title: "Model evaluated on the data it was fitted on",
        messageFormat: "'{0}' scores the model on '{1}', the data it was fitted on: the metrics measure memorization, not how the model does on new data",
        description: "A model scored on its own training data looks better than it is: the metrics reward memorizing the training rows. Evaluate on data the model has not seen, such as the TestSet of a TrainTestSplit, a hold-out file, or use CrossValidate.");

    public static readonly DiagnosticDescriptor MLOPS402_PreprocessingFittedBeforeSplit = Create(
        RuleIdentifiers.PreprocessingFittedBeforeSplit,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Preprocessing fitted on the full data before the split",
        messageFormat: "'{0}' splits data transformed by an estimator fitted on all of it: statistics of the test rows leak into training; split first and fit the preprocessing as part of the training pipeline",
        description: "Normalizers, one-hot dictionaries, text featurizers and other trainable transforms learn statistics from the data they are fitted on. Fitted on the whole data set before TrainTestSplit or cross-validation, they have seen the test rows, so the evaluation is optimistic. Split the raw data, then fit the preprocessing and the trainer together on the training part.");

    public static readonly DiagnosticDescriptor MLOPS403_MetricsNotRecorded = Create(
        RuleIdentifiers.MetricsNotRecorded,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Evaluation metrics only printed or discarded",
        messageFormat: "The metrics of '{0}' are only printed or discarded: record them with the run so experiments can be compared later",
        description: "Metrics written to the console, or never used, are lost when the process ends: nobody can later tell which run, data and parameters produced the model in production, or compare a new run with it. Record them, for example with the experiment tracker of MlopsAnalyzers.Abstractions.");

    public static readonly DiagnosticDescriptor MLOPS404_SamplingKeyMisuse = Create(
        RuleIdentifiers.SamplingKeyMisuse,
        RuleCategories.Evaluation,
        RuleLevel.BuildWarning,
        title: "Sampling key column misused in a data split",
        messageFormat: "The sampling key of '{0}' {1}",
        description: "samplingKeyColumnName keeps the rows that share a key value on the same side of a split. With the label column as key, whole classes (or label values) go to one side, so the model is tested on labels it never saw. Ranking data must be split by its group id column instead, or the documents of one query end up in both train and test.");

    public static readonly DiagnosticDescriptor MLOPS405_LinearTrainerWithoutNormalization = Create(
        RuleIdentifiers.LinearTrainerWithoutNormalization,
        RuleCategories.Evaluation,
        RuleLevel.IdeSuggestion,
        title: "Linear trainer without feature normalization",
        messageFormat: "The linear trainer '{0}' is appended to a chain with no normalizer before it: features on different scales slow or skew its optimization; normalize the feature column first",
        description: "SDCA, L-BFGS, online gradient descent, averaged perceptron, linear SVM and SGD trainers optimize one weight per feature. With features on very different scales, the large ones dominate the step sizes and regularization, training converges slowly or to a worse model. Put a Normalize* estimator (NormalizeMinMax, NormalizeMeanVariance, ...) on the feature column before the trainer.");
}
