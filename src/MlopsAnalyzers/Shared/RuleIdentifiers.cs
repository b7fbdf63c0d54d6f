namespace MlopsAnalyzers;

/// <summary>
/// The ID of every rule, in one place. IDs are grouped by hundreds, one category per group
/// (see <see cref="RuleCategories"/>); the catalog in the docs is the specification.
/// </summary>
internal static class RuleIdentifiers
{
    // MLOps.Artifacts (1xx)
    public const string ModelSavedWithoutSchema = "MLOPS104";
    public const string HardCodedModelLocation = "MLOPS101";
    public const string ModelArtifactMovedByHand = "MLOPS102";
    public const string ModelSavedWithoutVersionMetadata = "MLOPS103";

    // MLOps.Skew (2xx)
    public const string DataPreparationNotSaved = "MLOPS201";
    public const string FitOnServingPath = "MLOPS202";
    public const string UnsaveableCustomMapping = "MLOPS203";
    public const string DuplicatedPipeline = "MLOPS204";

    // MLOps.Reproducibility (3xx)
    public const string UnseededMLContext = "MLOPS301";
    public const string UnseededDataOperation = "MLOPS302";
    public const string DeveloperMachineDataPath = "MLOPS303";
    public const string ImplicitHyperparameters = "MLOPS304";
    public const string SeededContextNondeterministicThreads = "MLOPS305";

    // MLOps.Evaluation (4xx)
    public const string EvaluatedOnTrainingData = "MLOPS401";
    public const string PreprocessingFittedBeforeSplit = "MLOPS402";
    public const string MetricsNotRecorded = "MLOPS403";
    public const string SamplingKeyMisuse = "MLOPS404";
    public const string LinearTrainerWithoutNormalization = "MLOPS405";
    public const string ModelChosenOnAccuracy = "MLOPS406";

    // MLOps.Serving (5xx)
    public const string PredictionEngineSharedAcrossThreads = "MLOPS501";
    public const string ModelLoadedPerPrediction = "MLOPS502";
    public const string PredictionsNotMonitored = "MLOPS503";
    public const string LoopInvariantWork = "MLOPS504";

    // MLOps.Data (6xx)
    public const string DiscardedImmutableResult = "MLOPS601";
    public const string TextLoaderDefaultsContradictFile = "MLOPS602";
    public const string MissingRealsReadAsZero = "MLOPS603";
    public const string TransformedColumnNeverUsed = "MLOPS604";
}
