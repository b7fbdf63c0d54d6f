using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// Compares keys that are either symbols (by <see cref="SymbolEqualityComparer.Default"/>) or other objects such as
/// operations and syntax nodes (by reference): the holders of <see cref="MLContextFlow"/>, the serving contexts of
/// MLOPS202.
/// </summary>
public sealed class SymbolOrReferenceComparer : IEqualityComparer<object>
{
    public static readonly SymbolOrReferenceComparer Instance = new();

    private SymbolOrReferenceComparer()
    {
    }

    public new bool Equals(object? x, object? y)
        => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : ReferenceEquals(x, y);

    public int GetHashCode(object obj)
        => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
