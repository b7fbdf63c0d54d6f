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
        LinearTrainerBases = new[]
        {
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.SdcaTrainerBase`3"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.LbfgsTrainerBase`3"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.OnlineLinearTrainer`2"),
            compilation.GetBestTypeByMetadataName("Microsoft.ML.Trainers.SgdBinaryTrainerBase`1"),
        };
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
    /// The base classes of the linear trainers that need normalized features: SDCA, L-BFGS, online linear
    /// (OnlineGradientDescent, AveragedPerceptron, LinearSvm) and SGD. Entries are null when not referenced.
    /// </summary>
    public IReadOnlyList<INamedTypeSymbol?> LinearTrainerBases { get; }

    /// <summary><c>System.Console</c>: where printed metrics go (MLOPS403).</summary>
    public INamedTypeSymbol? Console { get; }

    /// <summary><c>System.Diagnostics.Debug</c>.</summary>
    public INamedTypeSymbol? Debug { get; }

    /// <summary><c>System.Linq.Enumerable</c>.</summary>
    public INamedTypeSymbol? Enumerable { get; }

    /// <summary><c>mlContext.Clustering</c>: unsupervised, its metrics are routinely computed on the clustered data.</summary>
    public INamedTypeSymbol? ClusteringCatalog { get; }

    /// <summary>True for a linear trainer type (see <see cref="LinearTrainerBases"/>).</summary>
    public bool IsLinearTrainer(ITypeSymbol? type)
    {
        foreach (var baseType in LinearTrainerBases)
        {
            if (type.InheritsFrom(baseType))
            {
                return true;
            }
        }

        return false;
    }
}
