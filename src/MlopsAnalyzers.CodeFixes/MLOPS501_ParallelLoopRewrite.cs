using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS501's fix for an engine local captured by the body of <c>Parallel.For</c> or <c>Parallel.ForEach</c>: the loop
/// takes the overload with thread-local state, which creates one engine per worker thread the way the local was
/// created, hands it to the body and disposes it when the worker is done:
/// <c>Parallel.ForEach(items, () =&gt; create, (item, _, engine) =&gt; { body; return engine; }, engine =&gt; engine.Dispose())</c>.
/// The body's parameter is named as the local, so the body reads the thread's engine unchanged. The local's declaration
/// goes when nothing else reads it. Offered only when the body is a lambda without <c>return</c> statements whose only
/// captured engine is this local, the local is created by <c>CreatePredictionEngine</c> from values that do not change
/// between its declaration and the loop (constants, read-only fields, parameters and locals never assigned again), and the
/// language version lets the body's parameter shadow the local (C# 8).
/// </summary>
internal static class ParallelLoopRewrite
{
    public const string EquivalenceKey = "MLOPS501.EnginePerLoopWorker";
    public const string Title = "Create one engine per worker of the loop (localInit)";

    public static async Task<Document?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols
            || ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8
            || root.FindNode(span, getInnermostNodeForTie: true) is not IdentifierNameSyntax reference
            || semanticModel.GetSymbolInfo(reference, cancellationToken).Symbol is not ILocalSymbol engine
            || !symbols.IsPredictionEngine(engine.Type)
            || engine.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax creation } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } declarationStatement
            || ScopeOf(declarationStatement) is not { } block
            || semanticModel.GetOperation(creation, cancellationToken) is not IInvocationOperation { } creationOperation
            || !symbols.IsCreatePredictionEngine(creationOperation.TargetMethod))
        {
            return null;
        }

        // The loop: Parallel.For(from, to, body) or Parallel.ForEach(source, [options,] body), body a lambda that reads the engine.
        var lambda = reference.Ancestors().OfType<LambdaExpressionSyntax>().FirstOrDefault();
        if (lambda?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax arguments } bodyArgument
            || arguments.Parent is not InvocationExpressionSyntax loop
            || arguments.Arguments.Last() != bodyArgument
            || bodyArgument.NameColon is not null
            || semanticModel.GetSymbolInfo(loop, cancellationToken).Symbol is not IMethodSymbol loopMethod
            || loopMethod.ContainingType is not { Name: "Parallel", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } }
            || !(loopMethod.Name == "For" && arguments.Arguments.Count == 3 || loopMethod.Name == "ForEach" && arguments.Arguments.Count is 2 or 3)
            || loopMethod.Parameters.Last().Type is not INamedTypeSymbol { Name: "Action", TypeArguments.Length: 1 or 2 } bodyType
            || lambda.AsyncKeyword.RawKind != 0
            || lambda.ContainsDiagnostics
            || lambda.DescendantNodes().Any(n => n is ReturnStatementSyntax) && lambda.Body is BlockSyntax
            || lambda.DescendantNodes().Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            || !loop.Ancestors().Contains(block)
            || loop.SpanStart < declarationStatement.Span.End)
        {
            return null;
        }

        // No other engine captured by this body, and the engine only read (not assigned) inside it.
        var dataFlow = semanticModel.AnalyzeDataFlow(lambda);
        if (dataFlow is null || !dataFlow.Succeeded
            || dataFlow.CapturedInside.Any(s => !SymbolEqualityComparer.Default.Equals(s, engine) && symbols.IsPredictionEngine(s switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null }))
            || dataFlow.WrittenInside.Contains(engine, SymbolEqualityComparer.Default)
            || lambda.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "_" ))
        {
            return null;
        }

        // The creation reads values that are the same at the loop.
        foreach (var operation in creationOperation.Descendants())
        {
            var stable = operation switch
            {
                ILocalReferenceOperation local => !IsWritten(semanticModel, local.Local, block, cancellationToken),
                IParameterReferenceOperation parameter => !IsWritten(semanticModel, parameter.Parameter, block, cancellationToken),
                IFieldReferenceOperation field => field.Field.IsReadOnly || field.Field.IsConst,
                IPropertyReferenceOperation or IArgumentOperation or IConversionOperation or IInstanceReferenceOperation or ITypeOfOperation or IDefaultValueOperation or IDiscardOperation => true,
                _ => operation.ConstantValue.HasValue,
            };
            if (!stable)
            {
                return null;
            }
        }

        var name = engine.Name;
        var parameters = lambda switch
        {
            SimpleLambdaExpressionSyntax simple => new[] { simple.Parameter.Identifier.ValueText },
            ParenthesizedLambdaExpressionSyntax parenthesized when parenthesized.ParameterList.Parameters.All(p => p.Type is null) => parenthesized.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToArray(),
            _ => null,
        };
        if (parameters is null || parameters.Length != bodyType.TypeArguments.Length || parameters.Contains(name))
        {
            return null;
        }

        var eol = Layout.EndOfLine(root);
        var state = parameters.Length == 2 ? parameters[1] : "_";
        var bodyIndent = Layout.IndentationOf(lambda.Body is BlockSyntax ? lambda.Body : loop) + "    ";
        string newBody;
        if (lambda.Body is BlockSyntax body)
        {
            var statementIndent = body.Statements.Count > 0 ? Layout.IndentationOf(body.Statements[0]) : Layout.IndentationOf(body) + "    ";
            var closing = body.CloseBraceToken;
            var statements = body.Statements.Count == 0 ? "" : body.ToFullString().Substring(body.OpenBraceToken.FullSpan.End - body.FullSpan.Start, body.Statements.Last().FullSpan.End - body.OpenBraceToken.FullSpan.End);
            var multiLine = body.OpenBraceToken.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            newBody = multiLine
                ? "{" + body.OpenBraceToken.TrailingTrivia.ToFullString() + statements + (statements.EndsWith(eol, System.StringComparison.Ordinal) ? "" : eol) + statementIndent + "return " + name + ";" + eol + closing.LeadingTrivia.ToFullString() + "}"
                : "{ " + statements.Trim() + (statements.Trim().Length > 0 ? " " : "") + "return " + name + "; }";
        }
        else
        {
            var expression = ((ExpressionSyntax)lambda.Body).WithoutTrivia().ToFullString();
            newBody = "{ " + (IsStatementExpression((ExpressionSyntax)lambda.Body) ? expression : "_ = " + expression) + "; return " + name + "; }";
        }

        var arrowTrivia = lambda.ArrowToken.TrailingTrivia.ToFullString() + (lambda.Body is BlockSyntax block2 ? block2.OpenBraceToken.LeadingTrivia.ToFullString() : "");
        var newLambda = $"({string.Join(", ", parameters.Take(1))}, {state}, {name}) =>" + (arrowTrivia.Length == 0 ? " " : arrowTrivia) + newBody;
        var localInit = $"() => {creation.WithoutTrivia().ToFullString()}";
        var localFinally = $"{name} => {name}.Dispose()";
        var newArguments = arguments.Arguments.Take(arguments.Arguments.Count - 1).Select(a => a.ToString())
            .Concat(new[] { localInit, newLambda, localFinally });
        var newLoopText = loop.Expression.ToFullString() + "(" + string.Join(", ", newArguments) + ")";
        if (SyntaxFactory.ParseExpression(newLoopText) is not InvocationExpressionSyntax newLoop || newLoop.ContainsDiagnostics)
        {
            return null;
        }

        // The local goes when the loop was its only reader.
        var readElsewhere = block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n =>
            n.Identifier.ValueText == name && !loop.Span.Contains(n.Span)
            && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(n, cancellationToken).Symbol, engine));
        var annotation = new SyntaxAnnotation();
        // In top-level statements the declaration is a global statement of its own, which goes with it.
        SyntaxNode removable = declarationStatement.Parent is GlobalStatementSyntax global ? global : declarationStatement;
        var newRoot = root.ReplaceNodes(new SyntaxNode[] { loop, removable }, (original, rewritten) =>
            original == loop ? newLoop.WithTriviaFrom(loop) : rewritten.WithAdditionalAnnotations(annotation));
        if (!readElsewhere)
        {
            newRoot = newRoot.RemoveNode(newRoot.GetAnnotatedNodes(annotation).Single(), SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>Where the engine local lives: its block, or the compilation unit for a top-level statement.</summary>
    private static SyntaxNode? ScopeOf(LocalDeclarationStatementSyntax declaration) => declaration.Parent switch
    {
        BlockSyntax block => block,
        GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit,
        _ => null,
    };

    private static bool IsStatementExpression(ExpressionSyntax expression)
        => expression is InvocationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax;

    private static bool IsWritten(SemanticModel semanticModel, ISymbol symbol, SyntaxNode scope, CancellationToken cancellationToken)
        => scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
            name.Identifier.ValueText == symbol.Name
            && (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name
                || name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
                || name.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or RefExpressionSyntax)
            && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, symbol));
}
