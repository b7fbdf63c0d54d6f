using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Evaluation;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS404: in ranking code, sets the split's <c>samplingKeyColumnName</c> to the ranking trainer's group id column
/// (replacing the wrong key where it stands, or adding the named argument). No fix for a label key outside ranking code:
/// which column groups the rows is the user's call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SamplingKeyMisuseCodeFix)), Shared]
public sealed class SamplingKeyMisuseCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS404.UseGroupIdColumn";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SamplingKeyMisuse);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        var symbols = target.Symbols;
        if (target.NodeAt(context.Span).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } splitSyntax
            || splitSyntax.ContainsDiagnostics
            || target.Operation<IInvocationOperation>(splitSyntax) is not { } split
            || SamplingKeyMisuseRule.GetMisuse(split, symbols) is not { GroupColumn: { } group } misuse
            || misuse.KeyArgument.Parameter is not { } parameter)
        {
            return;
        }

        var explicitKey = misuse.KeyArgument.ArgumentKind == ArgumentKind.Explicit ? misuse.KeyArgument.Syntax as ArgumentSyntax : null;
        var value = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(group));
        Register(context, $"Split by the group id column '{group}'", ct => SetKeyAsync(context.Document, splitSyntax.ArgumentList, explicitKey, parameter.Name, value, ct), EquivalenceKey);
    }

    private static async Task<Document> SetKeyAsync(Document document, ArgumentListSyntax list, ArgumentSyntax? explicitKey, string parameterName, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : document.WithSyntaxRoot(root.ReplaceNode(list, SeedArgument.WithSeed(list, explicitKey, parameterName, value)));
    }
}
