namespace MlopsAnalyzers;

/// <summary>
/// The ID of every rule, in one place. IDs are grouped by hundreds, one category per group
/// (see <see cref="RuleCategories"/>); the catalog in the docs is the specification.
/// </summary>
public static class RuleIdentifiers
{
    // MLOps.Artifacts (1xx)
    public const string ModelSavedWithoutSchema = "MLOPS104";

    // MLOps.Reproducibility (3xx)
    public const string UnseededMLContext = "MLOPS301";
    public const string UnseededDataOperation = "MLOPS302";

    // MLOps.Evaluation (4xx)
    public const string EvaluatedOnTrainingData = "MLOPS401";
    public const string PreprocessingFittedBeforeSplit = "MLOPS402";
    public const string MetricsNotRecorded = "MLOPS403";
    public const string SamplingKeyMisuse = "MLOPS404";
    public const string LinearTrainerWithoutNormalization = "MLOPS405";
}
