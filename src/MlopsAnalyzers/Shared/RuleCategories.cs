namespace MlopsAnalyzers;

/// <summary>
/// One Roslyn category per hundred of rule IDs, so that users can configure a whole group at once with
/// <c>dotnet_analyzer_diagnostic.category-MLOps.Artifacts.severity = error</c>.
/// </summary>
internal static class RuleCategories
{
    public const string Artifacts = "MLOps.Artifacts";
    public const string Skew = "MLOps.Skew";
    public const string Reproducibility = "MLOps.Reproducibility";
    public const string Evaluation = "MLOps.Evaluation";
    public const string Serving = "MLOps.Serving";
    public const string Data = "MLOps.Data";
}
