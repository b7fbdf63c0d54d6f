using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

internal static class CompilationExtensions
{
    /// <summary>
    /// The type with this metadata name that code in the compilation sees: the one declared in the compilation itself,
    /// else the only one visible from it among the references. Null when none is, or when two referenced assemblies
    /// both make one visible (the compiler could not tell them apart either). Unlike
    /// <see cref="Compilation.GetTypeByMetadataName"/>, a second, inaccessible copy of a type (an internal polyfill, a
    /// private copy in another assembly) does not hide the real one and switch a rule off.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string fullyQualifiedMetadataName)
    {
        INamedTypeSymbol? best = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(fullyQualifiedMetadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (!IsVisibleFrom(candidate, compilation.Assembly))
            {
                continue;
            }

            if (best is not null)
            {
                return null;
            }

            best = candidate;
        }

        return best;
    }

    private static bool IsVisibleFrom(INamedTypeSymbol type, IAssemblySymbol assembly)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = current.ContainingType)
        {
            switch (named.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal or Accessibility.ProtectedOrInternal when named.ContainingAssembly.GivesAccessTo(assembly):
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
