using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// <see cref="ISymbol.ToDisplayString"/> computed once per symbol: formatting a constructed generic method is costly, and
/// the rules that fingerprint code (MLOPS204) name the same ML.NET methods and types in every file. Create one per
/// compilation (in a compilation-start action), never in a static field. Symbols are compared with their nullable
/// annotations, which the display shows.
/// </summary>
internal sealed class SymbolDisplayCache
{
    private readonly ConcurrentDictionary<ISymbol, string> _names = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>The symbol's <see cref="ISymbol.ToDisplayString"/> (default format).</summary>
    public string Get(ISymbol symbol)
        => _names.TryGetValue(symbol, out var name) ? name : _names.GetOrAdd(symbol, symbol.ToDisplayString());
}
