using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS302: adds <c>seed: 0</c> to a randomized data operation (the constant comes from
/// <c>mlops.MLOPS302.seed_value</c>), or replaces an explicit null seed in place.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededDataOperationCodeFix)), Shared]
public sealed class UnseededDataOperationCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS302.AddSeed";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnseededDataOperation);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || invocation.ContainsDiagnostics)
        {
            return;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model?.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation
            || MlNetSymbols.GetRandomSeedParameter(operation.TargetMethod) is not { } seedParameter
            || operation.GetArgument(seedParameter) is not { } seedArgument)
        {
            return;
        }

        // An explicit null seed is replaced where it stands; an omitted one is added by name.
        var explicitNull = seedArgument.ArgumentKind == ArgumentKind.Explicit ? seedArgument.Syntax as ArgumentSyntax : null;
        var seed = FixOptions.GetInt32(context.Document, root.SyntaxTree, RuleIdentifiers.UnseededDataOperation, SeedArgument.SeedValueOption, 0);
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add 'seed: {seed}'",
                    ct => AddSeedAsync(context.Document, invocation, explicitNull, seedParameter.Name, seed, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> AddSeedAsync(Document document, InvocationExpressionSyntax invocation, ArgumentSyntax? explicitNull, string parameterName, int seed, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var list = SeedArgument.WithSeed(invocation.ArgumentList, explicitNull, parameterName, SeedArgument.Literal(seed));
        return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, list));
    }
}
