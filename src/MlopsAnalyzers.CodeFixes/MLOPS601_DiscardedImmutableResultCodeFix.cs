using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Data;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS601: assigns the result back where the intent is evident: <c>chain.Append(step);</c> becomes
/// <c>chain = chain.Append(step);</c>, and <c>mlContext.Data.ShuffleRows(data);</c> (and the filters, skips, takes,
/// caches, bootstrap samples) becomes <c>data = mlContext.Data.ShuffleRows(data);</c>, when the chain or data is a
/// local, a parameter or a writable field whose declared type accepts the result. No fix for a discarded <c>Fit</c>,
/// <c>Transform</c>, estimator or load: which variable should hold the result is the user's call, and a new local
/// that nothing reads would change nothing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardedImmutableResultCodeFix)), Shared]
public sealed class DiscardedImmutableResultCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS601.AssignResult";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DiscardedImmutableResult);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<ExpressionStatementSyntax>(context.Span) is not { Expression: InvocationExpressionSyntax invocationSyntax } statement
            || target.Operation<IInvocationOperation>(invocationSyntax) is not { } invocation
            || GetAssignedVariable(invocation, target.Symbols, new DataSymbols(target.SemanticModel.Compilation), target.SemanticModel.Compilation) is not { } variable)
        {
            return;
        }

        var name = variable.Syntax.ToString();
        Register(context, $"Assign the result to '{name}'", ct => AssignAsync(context.Document, statement, (ExpressionSyntax)variable.Syntax, ct), EquivalenceKey);
    }

    /// <summary>The chain or data variable the result of a discarded call evidently belongs in, or null when there is none.</summary>
    internal static IOperation? GetAssignedVariable(IInvocationOperation invocation, MlNetSymbols symbols, DataSymbols data, Compilation compilation)
    {
        IOperation? variable = DiscardedImmutableResultRule.GetKind(invocation, symbols, data) switch
        {
            DiscardedImmutableResultRule.CallKind.Append => invocation.GetReceiver(),
            DiscardedImmutableResultRule.CallKind.DataOperation => invocation.GetArgument("input")?.Value,
            _ => null,
        };
        variable = variable?.WalkDownConversion();
        var writable = variable switch
        {
            ILocalReferenceOperation { Local.IsConst: false } => true,
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None or RefKind.Ref or RefKind.Out } => true,
            IFieldReferenceOperation { Field: { IsReadOnly: false, IsConst: false }, Instance: null or IInstanceReferenceOperation } => true,
            _ => false,
        };
        if (!writable || variable!.Type is not { } variableType || variable.Syntax is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return null;
        }

        var conversion = compilation.ClassifyConversion(invocation.TargetMethod.ReturnType, variableType);
        return conversion.IsImplicit && (conversion.IsIdentity || conversion.IsReference) ? variable : null;
    }

    private static async Task<Document> AssignAsync(Document document, ExpressionStatementSyntax statement, ExpressionSyntax variable, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var call = statement.Expression;
        var assignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            variable.WithoutTrivia().WithLeadingTrivia(call.GetLeadingTrivia()),
            SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
            call.WithoutLeadingTrivia());
        return document.WithSyntaxRoot(root.ReplaceNode(statement, statement.WithExpression(assignment)));
    }
}
