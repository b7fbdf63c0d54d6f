using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS301: <c>new MLContext()</c> becomes <c>new MLContext(seed: 0)</c> (the constant comes from
/// <c>mlops.MLOPS301.seed_value</c>); an explicit <c>null</c> seed is replaced in place.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFix)), Shared]
public sealed class UnseededMLContextCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS301.AddSeed";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnseededMLContext);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.NodeAt(context.Span) is not BaseObjectCreationExpressionSyntax creation
            || creation.ContainsDiagnostics)
        {
            return;
        }

        var seed = FixOptions.GetInt32(context.Document, target.Root.SyntaxTree, RuleIdentifiers.UnseededMLContext, SeedArgument.SeedValueOption, 0);
        Register(context, $"Add 'seed: {seed}'", ct => AddSeedAsync(context.Document, creation, seed, ct), EquivalenceKey);
    }

    private static async Task<Document> AddSeedAsync(Document document, BaseObjectCreationExpressionSyntax creation, int seed, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var value = SeedArgument.Literal(seed);
        BaseObjectCreationExpressionSyntax updated;
        if (creation.ArgumentList is { } list)
        {
            // The constructor has one parameter, so an existing argument can only be the null seed.
            var explicitNull = list.Arguments.FirstOrDefault();
            updated = creation.WithArgumentList(SeedArgument.WithSeed(list, explicitNull, "seed", value));
        }
        else if (creation is ObjectCreationExpressionSyntax { Type: var type } objectCreation)
        {
            // new MLContext { ... }: add the argument list between the type and the initializer.
            var newList = SeedArgument.WithSeed(SyntaxFactory.ArgumentList(), null, "seed", value)
                .WithTrailingTrivia(type.GetTrailingTrivia());
            updated = objectCreation.WithType(type.WithoutTrailingTrivia()).WithArgumentList(newList);
        }
        else
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(creation, updated));
    }
}
