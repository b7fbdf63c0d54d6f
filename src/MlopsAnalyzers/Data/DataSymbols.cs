using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.Data;

/// <summary>
/// The types only the data rules (MLOPS6xx) follow, resolved once per compilation (at compilation start, and again
/// by a fix); each is null when the compilation does not reference it.
/// </summary>
internal sealed class DataSymbols
{
    internal DataSymbols(Compilation compilation)
    {
        TextLoaderSaverCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.TextLoaderSaverCatalog");
        TextLoaderOptions = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.TextLoader+Options");
        TextLoaderColumn = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.TextLoader+Column");
        ExtensionsCatalog = compilation.GetBestTypeByMetadataName("Microsoft.ML.ExtensionsCatalog");
        TransformerChain = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.TransformerChain`1");
        LoadColumnAttribute = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.LoadColumnAttribute");
        DataKind = compilation.GetBestTypeByMetadataName("Microsoft.ML.Data.DataKind");
    }

    /// <summary>Holds <c>LoadFromTextFile</c> and <c>CreateTextLoader</c> (extensions of <c>mlContext.Data</c>).</summary>
    public INamedTypeSymbol? TextLoaderSaverCatalog { get; }

    /// <summary><c>TextLoader.Options</c>: separators, header, <c>MissingRealsAsNaNs</c>.</summary>
    public INamedTypeSymbol? TextLoaderOptions { get; }

    /// <summary><c>TextLoader.Column</c>.</summary>
    public INamedTypeSymbol? TextLoaderColumn { get; }

    /// <summary>Holds <c>ReplaceMissingValues</c> and <c>IndicateMissingValues</c>.</summary>
    public INamedTypeSymbol? ExtensionsCatalog { get; }

    /// <summary>The open generic <c>TransformerChain&lt;TLastTransformer&gt;</c> (its <c>Append</c> returns a new chain).</summary>
    public INamedTypeSymbol? TransformerChain { get; }

    /// <summary><c>[LoadColumn]</c>, which maps a schema class member to a column of a text file.</summary>
    public INamedTypeSymbol? LoadColumnAttribute { get; }

    /// <summary><c>Microsoft.ML.Data.DataKind</c>, the type of a text loader column.</summary>
    public INamedTypeSymbol? DataKind { get; }

    /// <summary>True for <c>ReplaceMissingValues</c>, <c>IndicateMissingValues</c> and <c>mlContext.Data.FilterRowsByMissingValues</c>.</summary>
    public bool IsMissingValueStep(IMethodSymbol method, MlNetSymbols symbols)
        => (method.Name is "ReplaceMissingValues" or "IndicateMissingValues" && SymbolEqualityComparer.Default.Equals(method.ContainingType, ExtensionsCatalog))
            || (method.Name == "FilterRowsByMissingValues" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperationsCatalog));
}
