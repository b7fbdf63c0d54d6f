using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// Where code runs, as <see cref="ServingPath"/> sees it: a member of the type (compared as symbols), or a minimal-API
/// handler lambda (compared by its syntax node), whose body runs once per request.
/// </summary>
internal sealed class ServingContext : SymbolOrReference
{
    private ServingContext(ISymbol? member, SyntaxNode? handler)
        : base(member, handler)
    {
        Member = member;
        Handler = handler;
    }

    /// <summary>The member, or null for a minimal-API handler lambda.</summary>
    public ISymbol? Member { get; }

    /// <summary>The syntax of a minimal-API handler lambda, or null for a member.</summary>
    public SyntaxNode? Handler { get; }

    /// <summary>How a message names the context: <c>'Predict'</c>, or <c>a minimal-API handler</c>.</summary>
    public string Description => Member is not null ? $"'{Member.Name}'" : "a minimal-API handler";

    public static ServingContext Of(ISymbol member) => new(member is IMethodSymbol method ? method.OriginalDefinition : member, null);

    public static ServingContext OfHandler(SyntaxNode lambda) => new(null, lambda);
}
