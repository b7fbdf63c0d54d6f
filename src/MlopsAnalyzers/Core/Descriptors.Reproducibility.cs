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
}
