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
using MlopsAnalyzers.Artifacts;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS104: replaces the null schema with <c>data.Schema</c>, where <c>data</c> is what the saved model was fitted
/// on. Offered only when data flow within the method makes that unambiguous (see <see cref="DataFlow.GetFittedData"/>)
/// and the data is in scope at the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSavedWithoutSchemaCodeFix)), Shared]
public sealed class ModelSavedWithoutSchemaCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS104.PassTrainingSchema";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelSavedWithoutSchema);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        var symbols = target.Symbols;
        if (target.NodeAt(context.Span).FirstAncestorOrSelf<ArgumentSyntax>() is not { } nullArgument
            || nullArgument.Parent?.Parent is not InvocationExpressionSyntax invocationSyntax
            || invocationSyntax.ContainsDiagnostics
            || target.Operation<IInvocationOperation>(invocationSyntax) is not { } invocation
            || ModelSavedWithoutSchemaRule.GetNullSchemaArgument(invocation, symbols) is null
            || invocation.GetArgument("model") is not { } modelArgument
            || DataFlow.GetFittedData(modelArgument.Value, symbols) is not { } data
            || !FixScope.IsInScope(target.SemanticModel, invocationSyntax.SpanStart, data))
        {
            return;
        }

        var schema = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            ((ExpressionSyntax)data.Syntax).WithoutTrivia(),
            SyntaxFactory.IdentifierName("Schema"));

        Register(context, $"Save with '{schema}' (the schema of the training data)", ct => ReplaceAsync(context.Document, nullArgument.Expression, schema, ct), EquivalenceKey);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax nullExpression, ExpressionSyntax schema, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(nullExpression, schema.WithTriviaFrom(nullExpression)));
    }
}
