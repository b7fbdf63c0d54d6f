using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// The types only the evaluation rules (MLOPS4xx) follow, resolved once per compilation with the ML.NET symbol set;
/// each is null when the compilation does not reference it.
/// </summary>
internal sealed class EvaluationSymbols
{
    internal EvaluationSymbols(Compilation compilation)
    {
        RankingTrainers = compilation.GetBestTypeByMetadataName("Microsoft.ML.RankingCatalog+RankingTrainers");
        NormalizationTrainers = new[]
        {
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.SdcaTrainerBase`3"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.LbfgsTrainerBase`3"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.OnlineLinearTrainer`2"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.SgdBinaryTrainerBase`1"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.KMeansTrainer"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.RandomizedPcaTrainer"),
        };
        PcaCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.PcaCatalog");
        Console = compilation.GetBestTypeByMetadataName("System.Console");
        Debug = compilation.GetBestTypeByMetadataName("System.Diagnostics.Debug");
        Enumerable = compilation.GetBestTypeByMetadataName("System.Linq.Enumerable");
        ClusteringCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.ClusteringCatalog");
        ExperimentTracker = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.Tracking.ExperimentTracker");
    }

    /// <summary>
    /// The experiment tracker of the runtime library (<c>MlopsAnalyzers.Abstractions.Tracking.ExperimentTracker</c>);
    /// null unless the compilation references MlopsAnalyzers.Abstractions. The MLOPS403 fix is offered only then.
    /// </summary>
    public INamedTypeSymbol? ExperimentTracker { get; }

    /// <summary><c>mlContext.Ranking.Trainers</c>: ranking trainers are extension methods on it (FastTree, LightGbm).</summary>
    public INamedTypeSymbol? RankingTrainers { get; }

    /// <summary>
    /// The trainers (or their base classes) that need normalized features: SDCA, L-BFGS, online linear
    /// (OnlineGradientDescent, AveragedPerceptron, LinearSvm), SGD, KMeans and randomized PCA. ML.NET says so at run time
    /// (<c>TrainerInfo.NeedNormalization</c>, set in each trainer's constructor, not readable from metadata) and in each
    /// trainer's documentation ("Is normalization required? Yes"); this fixed list follows both, and a test checks it
    /// against the run-time property. Entries are null when not referenced.
    /// </summary>
    public IReadOnlyList<INamedTypeSymbol?> NormalizationTrainers { get; }

    /// <summary><c>Microsoft.ML.PcaCatalog</c>: holds <c>ProjectToPrincipalComponents</c> (the PCA transform) and <c>RandomizedPca</c>.</summary>
    public INamedTypeSymbol? PcaCatalog { get; }

    /// <summary>True for <c>ml.Transforms.ProjectToPrincipalComponents(...)</c>: PCA, whose components follow the largest-scale features.</summary>
    public bool IsPcaTransform(IMethodSymbol method)
        => method.Name == "ProjectToPrincipalComponents" && PcaCatalog is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, PcaCatalog);

    /// <summary><c>System.Console</c>: where printed metrics go (MLOPS403).</summary>
    public INamedTypeSymbol? Console { get; }

    /// <summary><c>System.Diagnostics.Debug</c>.</summary>
    public INamedTypeSymbol? Debug { get; }

    /// <summary><c>System.Linq.Enumerable</c>.</summary>
    public INamedTypeSymbol? Enumerable { get; }

    /// <summary><c>mlContext.Clustering</c>: unsupervised, its metrics are routinely computed on the clustered data.</summary>
    public INamedTypeSymbol? ClusteringCatalog { get; }

    /// <summary>True for a trainer type that needs normalized features (see <see cref="NormalizationTrainers"/>).</summary>
    public bool NeedsNormalization(ITypeSymbol? type)
    {
        foreach (var baseType in NormalizationTrainers)
        {
            if (type.InheritsFrom(baseType))
            {
                return true;
            }
        }

        return false;
    }
}
