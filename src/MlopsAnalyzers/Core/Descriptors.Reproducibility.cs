using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MLOPS301_UnseededMLContext = Create(
        RuleIdentifiers.UnseededMLContext,
        RuleCategories.Reproducibility,
        RuleLevel.BuildWarning,
        title: "MLContext without a seed in code that trains",
        messageFormat: "This MLContext has no seed but is used to {0}: training runs cannot be reproduced; pass a seed",
        description: "An MLContext created without a seed draws a new random seed on every run, so trainers, data splits and shuffles give a different model each time and a result cannot be reproduced or compared. Code that only loads a model and predicts is not flagged.");

    public static readonly DiagnosticDescriptor MLOPS302_UnseededDataOperation = Create(
        RuleIdentifiers.UnseededDataOperation,
        RuleCategories.Reproducibility,
        RuleLevel.IdeSuggestion,
        title: "Randomized data operation without a seed on an unseeded context",
        messageFormat: "'{0}' is randomized and has no seed, and its MLContext is unseeded: the rows it picks change on every run; pass seed:",
        description: "TrainTestSplit, CrossValidationSplit, ShuffleRows, BootstrapSample and the catalogs' CrossValidate methods draw random numbers. With no seed argument they fall back to the MLContext's random source, which is itself unseeded here, so the split differs on every run.");

    public static readonly DiagnosticDescriptor MLOPS303_DeveloperMachineDataPath = Create(
        RuleIdentifiers.DeveloperMachineDataPath,
        RuleCategories.Reproducibility,
        RuleLevel.BuildWarning,
        title: "Training data loaded from a developer-machine path",
        messageFormat: "Data is loaded from '{0}', a path on one developer's machine: the run cannot be repeated on another machine or in CI; resolve the path against a configurable data root",
        description: "A path under a user's home folder (C:\\Users\\..., /home/..., /Users/...), Desktop or Downloads exists on one machine only. Training that loads its data from there cannot be reproduced by a colleague, a build server or a scheduled retraining job. Read the data root from configuration or an environment variable and keep only the relative part in code.");
}
