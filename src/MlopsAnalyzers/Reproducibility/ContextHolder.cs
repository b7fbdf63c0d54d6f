using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// Where an <c>MLContext</c> lives, as <see cref="MLContextFlow"/> follows it: the local, parameter, field or property
/// it is stored in (compared as symbols), or its creation when the context is used in place (<c>new MLContext().Data</c>,
/// compared by reference).
/// </summary>
internal sealed class ContextHolder : SymbolOrReference
{
    private ContextHolder(ISymbol? symbol, IObjectCreationOperation? creation)
        : base(symbol, creation)
    {
        Symbol = symbol;
        Creation = creation;
    }

    /// <summary>The variable or member that holds the context, or null for a context used in place.</summary>
    public ISymbol? Symbol { get; }

    /// <summary>The creation of a context used in place, or null when a variable or member holds it.</summary>
    public IObjectCreationOperation? Creation { get; }

    public static ContextHolder Of(ISymbol symbol) => new(symbol, null);

    public static ContextHolder InPlace(IObjectCreationOperation creation) => new(null, creation);
}
