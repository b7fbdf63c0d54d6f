using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// The ML.NET types the rules reason about, resolved once per compilation and shared by every analyzer of the package.
/// <see cref="Get"/> returns null when the compilation does not reference Microsoft.ML, and analyzers then register
/// nothing.
/// </summary>
public sealed class MlNetSymbols
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private MlNetSymbols(Compilation compilation, INamedTypeSymbol mlContext)
    {
        MLContext = mlContext;
        DataOperationsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog");
        ModelOperationsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
        TrainCatalogBase = compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase");
        CatalogInstantiatorBase = compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase");
        TransformsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TransformsCatalog");
        IEstimator = compilation.GetTypeByMetadataName("Microsoft.ML.IEstimator`1");
        ITransformer = compilation.GetTypeByMetadataName("Microsoft.ML.ITransformer");
        IDataView = compilation.GetTypeByMetadataName("Microsoft.ML.IDataView");
        DataViewSchema = compilation.GetTypeByMetadataName("Microsoft.ML.DataViewSchema");
        TrainTestData = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog+TrainTestData");
        AutoCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.AutoML.AutoCatalog");
        ModelRegistry = compilation.GetTypeByMetadataName("MlopsAnalyzers.Abstractions.ModelRegistry");
        Artifacts = new ArtifactSymbols(compilation);
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

    /// <summary>The file, stream and cloud-storage types the artifact rules (MLOPS101, MLOPS102, MLOPS103) follow.</summary>
    public ArtifactSymbols Artifacts { get; }

    /// <summary>The symbols for <paramref name="compilation"/>, or null when it does not reference ML.NET.</summary>
    public static MlNetSymbols? Get(Compilation compilation)
        => Cache.GetValue(compilation, static c => new Holder(Create(c))).Symbols;

    private static MlNetSymbols? Create(Compilation compilation)
    {
        var mlContext = compilation.GetTypeByMetadataName("Microsoft.ML.MLContext");
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
    public bool IsTransformer(ITypeSymbol? type)
    {
        if (ITransformer is null || type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, ITransformer))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, ITransformer))
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
