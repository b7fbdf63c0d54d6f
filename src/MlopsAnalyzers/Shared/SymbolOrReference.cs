using System;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

/// <summary>
/// A key that is a symbol (compared with <see cref="SymbolEqualityComparer.Default"/>) or, where no symbol names the
/// thing, an operation or syntax node (compared by reference): the base of the typed holders the family engines key
/// their facts by (<c>ContextHolder</c>, <c>ServingContext</c>).
/// </summary>
internal abstract class SymbolOrReference : IEquatable<SymbolOrReference>
{
    private readonly ISymbol? _symbol;
    private readonly object? _reference;

    private protected SymbolOrReference(ISymbol? symbol, object? reference)
    {
        _symbol = symbol;
        _reference = reference;
    }

    public static bool operator ==(SymbolOrReference? left, SymbolOrReference? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SymbolOrReference? left, SymbolOrReference? right) => !(left == right);

    public bool Equals(SymbolOrReference? other)
        => other is not null
           && other.GetType() == GetType()
           && (_symbol is not null
               ? SymbolEqualityComparer.Default.Equals(_symbol, other._symbol)
               : other._symbol is null && ReferenceEquals(_reference, other._reference));

    public override bool Equals(object? obj) => Equals(obj as SymbolOrReference);

    public override int GetHashCode()
        => _symbol is not null ? SymbolEqualityComparer.Default.GetHashCode(_symbol) : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_reference!);
}
