using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>Whether an expression taken from one place of a method can be written at another.</summary>
internal static class FixScope
{
    /// <summary>True when every local and parameter <paramref name="expression"/> names is visible at <paramref name="position"/>.</summary>
    public static bool IsInScope(SemanticModel semanticModel, int position, IOperation expression)
    {
        foreach (var operation in expression.DescendantsAndSelf())
        {
            var symbol = operation switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };

            if (symbol is not null
                && !semanticModel.LookupSymbols(position, name: symbol.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="symbol"/> is what its name means at <paramref name="position"/>.</summary>
    public static bool IsVisible(SemanticModel semanticModel, int position, ISymbol symbol)
        => semanticModel.LookupSymbols(position, name: symbol.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol));
}
