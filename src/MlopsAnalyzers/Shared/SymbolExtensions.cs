using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

internal static class SymbolExtensions
{
    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the symbol comes from an ML.NET assembly (Microsoft.ML, Microsoft.ML.*).</summary>
    public static bool IsFromMlNet(this ISymbol symbol)
    {
        var name = symbol.ContainingAssembly?.Name;
        return name is not null && (name == "Microsoft.ML" || name.StartsWith("Microsoft.ML.", System.StringComparison.Ordinal));
    }
}
