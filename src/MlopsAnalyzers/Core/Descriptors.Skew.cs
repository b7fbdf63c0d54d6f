using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MLOPS201_DataPreparationNotSaved = Create(
        RuleIdentifiers.DataPreparationNotSaved,
        RuleCategories.Skew,
        RuleLevel.BuildWarning,
        title: "Data preparation dropped from the saved model",
        messageFormat: "'{0}' is saved without '{1}', the fitted data preparation it was trained after: serving gets raw rows the model cannot score; save {1}.Append({0}) with the raw data's schema",
        description: "When a data-preparation transformer is fitted and applied first, and the trainer is then fitted on its output, the trained model alone expects prepared columns. Saving it without the preparation means serving code has to re-implement the preparation by hand, which is how training/serving skew starts. Save the whole chain (prep.Append(model)) with the schema of the raw data.");

    public static readonly DiagnosticDescriptor MLOPS202_FitOnServingPath = Create(
        RuleIdentifiers.FitOnServingPath,
        RuleCategories.Skew,
        RuleLevel.IdeSuggestion,
        title: "Transform fitted at inference time",
        messageFormat: "'{0}' is fitted on the serving path ({1}): its statistics come from serving data, not from the training data; load the saved chain instead",
        description: "Fitting an estimator where predictions are served (a method that loads a model or predicts with one trained elsewhere, a controller action, a minimal-API handler, data built from one request) learns normalization ranges, vocabularies or category keys from serving data, so the features differ from those the model was trained on. Fit the whole chain at training time, save it, and load it for serving. Scoring-only ONNX and TensorFlow pipelines fitted to obtain a transformer, and retraining methods not called from serving code, are not flagged.");

    public static readonly DiagnosticDescriptor MLOPS203_UnsaveableCustomMapping = Create(
        RuleIdentifiers.UnsaveableCustomMapping,
        RuleCategories.Skew,
        RuleLevel.BuildWarning,
        title: "CustomMapping that cannot be saved or loaded",
        messageFormat: "{0}: a model with this CustomMapping cannot be saved, or cannot be loaded for serving; add a CustomMappingFactory with [CustomMappingFactoryAttribute] and pass its contract name",
        description: "ML.NET saves a CustomMapping by its contract name only, and at load time looks for a CustomMappingFactory<TSrc, TDst> carrying [CustomMappingFactoryAttribute] with that name. Without a contract name Model.Save throws; with a name no factory provides, Model.Load fails in serving. Reported in compilations that save models.");

    public static readonly DiagnosticDescriptor MLOPS204_DuplicatedPipeline = Create(
        RuleIdentifiers.DuplicatedPipeline,
        RuleCategories.Skew,
        RuleLevel.IdeSuggestion,
        title: "Estimator chain duplicated",
        messageFormat: "This estimator chain ({0} steps) is also built in {1}: copies drift apart and featurization then differs between training and serving; extract one shared pipeline definition",
        description: "The same chain of catalog calls with the same columns and settings is built in two or more methods. When one copy changes and the other does not, the model is trained on one featurization and fed another. Build the chain in one place and call it from each.",
        compilationEnd: true);
}
