using System.Runtime.CompilerServices;
using MlopsAnalyzers.Artifacts;
using MlopsAnalyzers.Evaluation;
using MlopsAnalyzers.Serving;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// The ML.NET types the rules reason about, resolved once per compilation and shared by every analyzer of the package.
/// <see cref="Get"/> returns null when the compilation does not reference Microsoft.ML, and analyzers then register
/// nothing.
/// </summary>
internal sealed class MlNetSymbols
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private MlNetSymbols(Compilation compilation, INamedTypeSymbol mlContext)
    {
        MLContext = mlContext;
        DataOperationsCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.DataOperationsCatalog");
        ModelOperationsCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
        TrainCatalogBase = compilation.GetBestTypeByMetadataName("Microsoft.ML.TrainCatalogBase");
        CatalogInstantiatorBase = compilation.GetBestTypeByMetadataName("Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase");
        TransformsCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.TransformsCatalog");
        IEstimator = compilation.GetBestTypeByMetadataName("Microsoft.ML.IEstimator`1");
        ITransformer = compilation.GetBestTypeByMetadataName("Microsoft.ML.ITransformer");
        IDataView = compilation.GetBestTypeByMetadataName("Microsoft.ML.IDataView");
        DataViewSchema = compilation.GetBestTypeByMetadataName("Microsoft.ML.DataViewSchema");
        TrainTestData = compilation.GetBestTypeByMetadataName("Microsoft.ML.DataOperationsCatalog+TrainTestData");
        AutoCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.AutoML.AutoCatalog");
        ModelRegistry = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.ModelRegistry");
        IModelRegistry = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.IModelRegistry");
        ModelRegistryExtensions = compilation.GetBestTypeByMetadataName("MlopsAnalyzers.Abstractions.ModelRegistryExtensions");
        Artifacts = new ArtifactSymbols(compilation);
        Evaluation = new EvaluationSymbols(compilation);

        // The evaluation rules (MLOPS4xx) and their fixes read chains with these.
        EstimatorChain = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.EstimatorChain`1");
        LearningPipelineExtensions = compilation.GetBestTypeByMetadataName("Microsoft.ML.LearningPipelineExtensions");
        NormalizationCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.NormalizationCatalog");
        TextCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.TextCatalog");

        // Serving rules (MLOPS5xx) and the serving path shared with MLOPS202.
        PredictionEngineBase = compilation.GetBestTypeByMetadataName("Microsoft.ML.PredictionEngineBase`2");
        Serving = new ServingSymbols(compilation);
        ThreadSharing = new ThreadSharingSymbols(compilation, PredictionEngineBase);
    }

    public INamedTypeSymbol MLContext { get; }

    public INamedTypeSymbol? DataOperationsCatalog { get; }

    public INamedTypeSymbol? ModelOperationsCatalog { get; }

    public INamedTypeSymbol? TrainCatalogBase { get; }

    public INamedTypeSymbol? CatalogInstantiatorBase { get; }

    public INamedTypeSymbol? TransformsCatalog { get; }

    /// <summary>The open generic <c>IEstimator&lt;TTransformer&gt;</c>.</summary>
    public INamedTypeSymbol? IEstimator { get; }

    public INamedTypeSymbol? ITransformer { get; }

    public INamedTypeSymbol? IDataView { get; }

    public INamedTypeSymbol? DataViewSchema { get; }

    public INamedTypeSymbol? TrainTestData { get; }

    /// <summary>ML.NET AutoML's <c>mlContext.Auto()</c> catalog; null unless Microsoft.ML.AutoML is referenced.</summary>
    public INamedTypeSymbol? AutoCatalog { get; }

    /// <summary>
    /// The runtime library's default model registry (<c>MlopsAnalyzers.Abstractions.ModelRegistry</c>); null unless the
    /// compilation references MlopsAnalyzers.Abstractions. Fixes that rewrite code to the registry need it.
    /// </summary>
    public INamedTypeSymbol? ModelRegistry { get; }

    /// <summary>The runtime library's registry interface (<c>IModelRegistry</c>); null unless it is referenced.</summary>
    public INamedTypeSymbol? IModelRegistry { get; }

    /// <summary>The runtime library's registry conveniences (<c>ModelRegistryExtensions</c>); null unless it is referenced.</summary>
    public INamedTypeSymbol? ModelRegistryExtensions { get; }

    /// <summary>The file, stream and cloud-storage types the artifact rules (MLOPS101, MLOPS102, MLOPS103) follow.</summary>
    public ArtifactSymbols Artifacts { get; }

    /// <summary>The trainer, metrics and output types the evaluation rules (MLOPS4xx) follow.</summary>
    public EvaluationSymbols Evaluation { get; }

    /// <summary>The open generic <c>EstimatorChain&lt;TLastTransformer&gt;</c>.</summary>
    public INamedTypeSymbol? EstimatorChain { get; }

    /// <summary>Holds the <c>Append</c> extension methods that start an estimator chain.</summary>
    public INamedTypeSymbol? LearningPipelineExtensions { get; }

    /// <summary>Holds <c>NormalizeMinMax</c>, <c>NormalizeMeanVariance</c> and the other feature normalizers.</summary>
    public INamedTypeSymbol? NormalizationCatalog { get; }

    /// <summary>Holds <c>FeaturizeText</c> (whose output is normalized).</summary>
    public INamedTypeSymbol? TextCatalog { get; }

    /// <summary>The open generic <c>PredictionEngineBase&lt;TSrc, TDst&gt;</c>, base of <c>PredictionEngine&lt;TSrc, TDst&gt;</c>.</summary>
    public INamedTypeSymbol? PredictionEngineBase { get; }

    /// <summary>The ASP.NET Core and Microsoft.Extensions.ML types that mark serving code.</summary>
    public ServingSymbols Serving { get; }

    /// <summary>True for <c>PredictionEngine&lt;,&gt;</c>, <c>PredictionEngineBase&lt;,&gt;</c> and any type derived from them.</summary>
    public bool IsPredictionEngine(ITypeSymbol? type) => type.InheritsFrom(PredictionEngineBase);

    /// <summary>True for a prediction engine's <c>Predict</c> (either overload).</summary>
    public bool IsEnginePredict(IMethodSymbol method)
        => method.Name == "Predict" && !method.IsStatic && IsPredictionEngine(method.ContainingType);

    /// <summary>True for <c>mlContext.Model.Load</c> and <c>LoadWithDataLoader</c> (from a path or a stream).</summary>
    public bool IsModelLoad(IMethodSymbol method)
        => method.Name is "Load" or "LoadWithDataLoader" && SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelOperationsCatalog);

    /// <summary>
    /// True for a model load from the runtime library's model registry: <c>Load</c> or <c>LoadAsync</c> of
    /// <c>IModelRegistry</c>, <c>IAsyncModelRegistry</c> or a registry class, and the <c>Load</c> extensions. Like
    /// <c>Model.Load</c>, it reads and deserializes the whole model.
    /// </summary>
    public bool IsRegistryModelLoad(IMethodSymbol method)
        => IModelRegistry is not null
            && method.Name is "Load" or "LoadAsync"
            && (SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelRegistryExtensions)
                || SymbolEqualityComparer.Default.Equals(method.ContainingType, IModelRegistry)
                || ImplementsModelRegistry(method.ContainingType));

    private bool ImplementsModelRegistry(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, IModelRegistry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>mlContext.Model.CreatePredictionEngine&lt;TSrc, TDst&gt;(...)</c>.</summary>
    public bool IsCreatePredictionEngine(IMethodSymbol method)
        => method.Name == "CreatePredictionEngine" && SymbolEqualityComparer.Default.Equals(method.ContainingType, ModelOperationsCatalog);
    /// <summary>The engine, parallel, task and dependency-injection types MLOPS501 (engines shared across threads) follows.</summary>
    public ThreadSharingSymbols ThreadSharing { get; }

    /// <summary>The symbols for <paramref name="compilation"/>, or null when it does not reference ML.NET.</summary>
    public static MlNetSymbols? Get(Compilation compilation)
        => Cache.GetValue(compilation, static c => new Holder(Create(c))).Symbols;

    private static MlNetSymbols? Create(Compilation compilation)
    {
        var mlContext = compilation.GetBestTypeByMetadataName("Microsoft.ML.MLContext");
        return mlContext is null ? null : new MlNetSymbols(compilation, mlContext);
    }

    public bool IsMLContext(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, MLContext);

    /// <summary>True for a trainer catalog such as <c>mlContext.BinaryClassification.Trainers</c>.</summary>
    public bool IsTrainerCatalog(ITypeSymbol? type) => type.InheritsFrom(CatalogInstantiatorBase);

    /// <summary>True for <c>mlContext.BinaryClassification</c>, <c>.Regression</c>, ... (the catalogs with Evaluate and CrossValidate).</summary>
    public bool IsTaskCatalog(ITypeSymbol? type) => type.InheritsFrom(TrainCatalogBase);

    /// <summary>True for <c>IEstimator&lt;T&gt;.Fit</c> and every implementation of it.</summary>
    public bool IsEstimatorFit(IMethodSymbol method)
    {
        if (IEstimator is null || method.Name != "Fit" || method.Parameters.Length != 1 || method.IsStatic)
        {
            return false;
        }

        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, IEstimator))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, IEstimator))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The <c>int? seed</c> parameter of an ML.NET method that draws random numbers (data splits, shuffles,
    /// cross-validation, randomized transforms and trainers), or null. Hashing transforms take a <c>uint seed</c>,
    /// which is a hash salt, not randomness, and do not count.
    /// </summary>
    public static IParameterSymbol? GetRandomSeedParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == "seed"
                && parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                && nullable.TypeArguments[0].SpecialType == SpecialType.System_Int32)
            {
                return parameter;
            }
        }

        return null;
    }

    /// <summary>True for <c>ITransformer</c> and every type that implements it.</summary>
    public bool IsTransformer(ITypeSymbol? type) => ImplementsOrIs(type, ITransformer);

    /// <summary>True for the <c>Append</c> that adds an estimator to a chain (on <c>EstimatorChain</c> or <c>IEstimator&lt;ITransformer&gt;</c>).</summary>
    public bool IsEstimatorAppend(IMethodSymbol method)
        => method.Name == "Append"
            && (SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, EstimatorChain)
                || (SymbolEqualityComparer.Default.Equals(method.ContainingType, LearningPipelineExtensions)
                    && method.Parameters.Length > 0
                    && method.Parameters[0].Type is INamedTypeSymbol start
                    && SymbolEqualityComparer.Default.Equals(start.OriginalDefinition, IEstimator)));

    /// <summary>True for a catalog's <c>Evaluate</c> or <c>EvaluateNonCalibrated</c> (any task: binary, multiclass, regression, ranking, clustering, anomaly detection).</summary>
    public bool IsEvaluate(IMethodSymbol method)
        => method.Name is "Evaluate" or "EvaluateNonCalibrated" && IsTaskCatalog(method.ContainingType) && method.IsFromMlNet();

    /// <summary>True for a catalog's <c>CrossValidate</c> or <c>CrossValidateNonCalibrated</c>.</summary>
    public bool IsCrossValidate(IMethodSymbol method)
        => method.Name is "CrossValidate" or "CrossValidateNonCalibrated" && IsTaskCatalog(method.ContainingType) && method.IsFromMlNet();

    /// <summary>True for <c>ITransformer.Transform(IDataView)</c> and its implementations.</summary>
    public bool IsTransform(IMethodSymbol method)
        => method.Name == "Transform"
            && !method.IsStatic
            && method.Parameters.Length == 1
            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, IDataView)
            && ImplementsOrIs(method.ContainingType, ITransformer);

    /// <summary>True for <c>IEstimator&lt;T&gt;</c> and every type that implements it.</summary>
    public bool IsEstimator(ITypeSymbol? type) => ImplementsOrIs(type, IEstimator);

    /// <summary>True when <paramref name="type"/> is <paramref name="interface"/> or implements it (generic interfaces compared by definition).</summary>
    private static bool ImplementsOrIs(ITypeSymbol? type, INamedTypeSymbol? @interface)
    {
        if (type is null || @interface is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, @interface))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, @interface))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Holder
    {
        public Holder(MlNetSymbols? symbols) => Symbols = symbols;

        public MlNetSymbols? Symbols { get; }
    }
}
