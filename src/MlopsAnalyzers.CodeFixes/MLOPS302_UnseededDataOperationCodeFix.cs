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
public sealed class UnseededDataOperationCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS302.AddSeed";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnseededDataOperation);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.NodeAt(context.Span) is not InvocationExpressionSyntax invocation
            || invocation.ContainsDiagnostics
            || target.Operation<IInvocationOperation>(invocation) is not { } operation
            || MlNetSymbols.GetRandomSeedParameter(operation.TargetMethod) is not { } seedParameter
            || operation.GetArgument(seedParameter) is not { } seedArgument)
        {
            return;
        }

        // An explicit null seed is replaced where it stands; an omitted one is added by name.
        var explicitNull = seedArgument.ArgumentKind == ArgumentKind.Explicit ? seedArgument.Syntax as ArgumentSyntax : null;
        var seed = FixOptions.GetInt32(context.Document, target.Root.SyntaxTree, RuleIdentifiers.UnseededDataOperation, SeedArgument.SeedValueOption, 0);
        Register(context, $"Add 'seed: {seed}'", ct => AddSeedAsync(context.Document, invocation, explicitNull, seedParameter.Name, seed, ct), EquivalenceKey);
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
