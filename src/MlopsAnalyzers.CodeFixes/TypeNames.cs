using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// The shortest way to name a well-known type at a position of the code being fixed: its simple name when that binds
/// to the type there (the namespace is imported), else its namespace-qualified name, else a <c>global::</c> name.
/// </summary>
internal sealed class TypeNames
{
    private readonly SemanticModel _semanticModel;
    private readonly int _position;

    public TypeNames(SemanticModel semanticModel, int position)
    {
        _semanticModel = semanticModel;
        _position = position;
    }

    public string Get(string containingNamespace, string name)
    {
        var fullName = containingNamespace + "." + name;
        if (Binds(name, fullName))
        {
            return name;
        }

        var firstPart = containingNamespace.Split('.')[0];
        return _semanticModel.LookupNamespacesAndTypes(_position, name: firstPart).Any(s => s is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true })
            ? fullName
            : "global::" + fullName;
    }

    /// <summary>True when a type named <paramref name="name"/> already exists where <see cref="TypeNames"/> looks.</summary>
    public bool IsTaken(string name) => !_semanticModel.LookupNamespacesAndTypes(_position, name: name).IsEmpty;

    private bool Binds(string name, string fullName)
    {
        // Every type of that name in scope (Action, Action<T>, Action<T1, T2>, ...) must be the one meant.
        var symbols = _semanticModel.LookupNamespacesAndTypes(_position, name: name);
        return !symbols.IsEmpty
               && symbols.All(s => s is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() + "." + type.Name == fullName);
    }
}
