using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS502: hoists <c>var x = ml.Model.Load(...)</c> or <c>var x = ml.Model.CreatePredictionEngine&lt;,&gt;(...)</c>
/// to a <c>readonly</c> field initialized once, and uses the field where the local was used. Offered only when the
/// call reads nothing but constants and readonly (or const) fields, which hold the same value at construction: the
/// field gets an initializer when the call reads no instance field, else it is assigned at the end of every
/// constructor (a parameterless one is added when the class declares none). No fix for a <c>using</c> local, a
/// prediction engine in a static method (a static engine would be shared across threads), partial classes, structs,
/// records and classes with a primary constructor. Fix All hoists one call at a time, so an engine created from a
/// model the same method loads is hoisted after the model.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelLoadedPerPredictionCodeFix)), Shared]
public sealed class ModelLoadedPerPredictionCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS502.HoistToField";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelLoadedPerPrediction);

    /// <summary>Fixes interact (one method, one constructor, one field list): applied one at a time, in source order.</summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (fixAll, document, diagnostics) =>
    {
        var cancellationToken = fixAll.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var annotations = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (FindCall(root, diagnostic.Location.SourceSpan) is { } call && !annotations.ContainsKey(call))
            {
                annotations[call] = new SyntaxAnnotation();
            }
        }

        var order = annotations.OrderBy(a => a.Key.SpanStart).Select(a => a.Value).ToList();
        document = document.WithSyntaxRoot(root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));
        foreach (var annotation in order)
        {
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.GetAnnotatedNodes(annotation).FirstOrDefault() is InvocationExpressionSyntax call
                && semanticModel is not null
                && GetPlan(semanticModel, call, cancellationToken) is { } plan)
            {
                document = await ApplyAsync(document, plan, cancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    });

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (FindCall(target.Root, context.Span) is not { } call
            || GetPlan(target.SemanticModel, call, context.CancellationToken) is not { } plan)
        {
            return;
        }

        Register(context, $"Hoist '{plan.Local.Name}' to field '{plan.FieldName}' initialized once", ct => ApplyAsync(context.Document, plan, ct), EquivalenceKey);
    }

    private static InvocationExpressionSyntax? FindCall(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        => root.FindNode(span, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();

    private sealed class Plan
    {
        public Plan(ILocalSymbol local, string fieldName, string typeName, InvocationExpressionSyntax call, LocalDeclarationStatementSyntax statement, MethodDeclarationSyntax? method, ClassDeclarationSyntax? type, bool inConstructors)
        {
            Local = local;
            FieldName = fieldName;
            TypeName = typeName;
            Call = call;
            Statement = statement;
            Method = method!;
            Type = type!;
            InConstructors = inConstructors;
        }

        /// <summary>The call as the hoisted code writes it: a local <c>MLContext</c> it reads is created in place.</summary>
        public string CallText { get; set; } = "";

        /// <summary>A static field even in an instance method: a model loaded in a controller, which is created per request.</summary>
        public bool Static { get; set; }

        /// <summary>For a load in a handler lambda: the statement that holds the lambda, before which the load goes as a local.</summary>
        public StatementSyntax? OuterStatement { get; set; }

        public ILocalSymbol Local { get; }

        public string FieldName { get; }

        public string TypeName { get; }

        public InvocationExpressionSyntax Call { get; }

        public LocalDeclarationStatementSyntax Statement { get; }

        public MethodDeclarationSyntax Method { get; }

        public ClassDeclarationSyntax Type { get; }

        /// <summary>True when the call reads instance fields: assigned in the constructors, not in an initializer.</summary>
        public bool InConstructors { get; }
    }

    private static Plan? GetPlan(SemanticModel semanticModel, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        if (call.ContainsDiagnostics
            || call.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax statement
            || statement.UsingKeyword != default
            || statement.IsConst
            || statement.Parent is not BlockSyntax
            || MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols
            || semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || local.Type.TypeKind == TypeKind.Error
            || semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
            || !(symbols.IsModelLoad(invocation.TargetMethod) || symbols.IsCreatePredictionEngine(invocation.TargetMethod))
            || !ReadsOnlyStableValues(semanticModel, invocation, out var readsInstance, out var substitutions, cancellationToken))
        {
            return null;
        }

        var callText = CallText(call, substitutions);
        var function = statement.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);
        if (function is AnonymousFunctionExpressionSyntax lambda)
        {
            return LambdaPlan(semanticModel, symbols, invocation, statement, local, lambda, readsInstance, declaration, callText, cancellationToken);
        }

        if (function is not MethodDeclarationSyntax method
            || method.Parent is not ClassDeclarationSyntax type
            || type.ParameterList is not null
            || semanticModel.GetDeclaredSymbol(type, cancellationToken) is not { DeclaringSyntaxReferences.Length: 1 } typeSymbol)
        {
            return null;
        }

        var isStatic = method.Modifiers.Any(SyntaxKind.StaticKeyword);
        if (isStatic && symbols.IsPredictionEngine(local.Type))
        {
            return null;
        }

        // A controller is created per request: a model loaded in an action is loaded once only in a static field (a
        // loaded ITransformer is safe to share across threads; an engine is not, and stays per instance).
        var controllerLoad = !isStatic && !readsInstance && symbols.IsModelLoad(invocation.TargetMethod) && IsController(typeSymbol);
        var fieldName = FieldName(semanticModel, typeSymbol, statement.SpanStart, local.Name);
        return fieldName is null
            ? null
            : new Plan(local, fieldName, FieldType(semanticModel, declaration, local, invocation, type.SpanStart), call, statement, method, type, readsInstance)
            {
                CallText = callText,
                Static = controllerLoad,
            };
    }

    /// <summary>
    /// A model load in a handler lambda (a minimal-API endpoint, say) moves out of the lambda, to a local declared just
    /// before the statement that holds it, so the handler captures one loaded model. Only model loads: an engine
    /// captured by a handler would be shared by concurrent requests (MLOPS501).
    /// </summary>
    private static Plan? LambdaPlan(SemanticModel semanticModel, MlNetSymbols symbols, IInvocationOperation invocation, LocalDeclarationStatementSyntax statement, ILocalSymbol local, AnonymousFunctionExpressionSyntax lambda, bool readsInstance, VariableDeclarationSyntax declaration, string callText, CancellationToken cancellationToken)
    {
        if (readsInstance
            || !symbols.IsModelLoad(invocation.TargetMethod)
            || lambda.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            || lambda.Ancestors().OfType<StatementSyntax>().FirstOrDefault() is not { } outer
            || outer.Parent is not (BlockSyntax or GlobalStatementSyntax)
            || outer is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 })
        {
            return null;
        }

        // The outer scope must not know the name (another local declared later in the block included).
        var scope = outer.Parent is GlobalStatementSyntax global ? global.Parent! : outer.Parent;
        if (!semanticModel.LookupSymbols(outer.SpanStart, name: local.Name).IsEmpty
            || scope.DescendantNodes().Any(n => n is VariableDeclaratorSyntax v && v.Identifier.ValueText == local.Name && !lambda.Span.Contains(v.Span)
                                                || n is ParameterSyntax p && p.Identifier.ValueText == local.Name && !lambda.Span.Contains(p.Span) && p.Parent?.Parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            return null;
        }

        // Values read from the outer scope must be declared before the statement that holds the lambda.
        foreach (var reference in invocation.Descendants().OfType<ILocalReferenceOperation>())
        {
            if (!lambda.Span.Contains(reference.Local.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default)
                && (reference.Local.DeclaringSyntaxReferences.FirstOrDefault()?.Span.Start ?? int.MaxValue) >= outer.SpanStart)
            {
                return null;
            }
        }

        return new Plan(local, local.Name, FieldType(semanticModel, declaration, local, invocation, outer.SpanStart), (InvocationExpressionSyntax)invocation.Syntax, statement, null, null, false)
        {
            CallText = callText,
            OuterStatement = outer,
        };
    }

    private static bool IsController(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ControllerBase", ContainingNamespace: { Name: "Mvc", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } } }
                || current.GetAttributes().Any(a => a.AttributeClass is { Name: "ApiControllerAttribute" or "ControllerAttribute", ContainingNamespace.Name: "Mvc" }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call's text, with each local <c>MLContext</c> it reads replaced by that local's creation.</summary>
    private static string CallText(InvocationExpressionSyntax call, Dictionary<IdentifierNameSyntax, ExpressionSyntax> substitutions)
        => substitutions.Count == 0
            ? call.WithoutTrivia().ToFullString()
            : call.ReplaceNodes(substitutions.Keys, (original, _) => substitutions[original].WithoutTrivia().WithTriviaFrom(original)).WithoutTrivia().ToFullString();

    /// <summary>
    /// The field's type: the local's declared type, or for <c>var</c> the call's type (a <c>var</c> local is
    /// nullable-annotated in a nullable context, but the load never returns null: the field is not).
    /// </summary>
    private static string FieldType(SemanticModel semanticModel, VariableDeclarationSyntax declaration, ILocalSymbol local, IInvocationOperation invocation, int position)
        => declaration.Type.IsVar && invocation.Type is { } returned
            ? returned.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToMinimalDisplayString(semanticModel, position)
            : declaration.Type.WithoutTrivia().ToString();

    /// <summary>True when the call reads only constants and readonly or const fields (and properties of those); <paramref name="readsInstance"/> tells whether an instance field is among them.</summary>
    private static bool ReadsOnlyStableValues(SemanticModel semanticModel, IInvocationOperation invocation, out bool readsInstance, out Dictionary<IdentifierNameSyntax, ExpressionSyntax> substitutions, CancellationToken cancellationToken)
    {
        readsInstance = false;
        substitutions = new Dictionary<IdentifierNameSyntax, ExpressionSyntax>();
        var lambda = invocation.Syntax.Ancestors().OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault();
        foreach (var operation in invocation.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference when lambda is not null
                                                             && reference.Local.DeclaringSyntaxReferences.FirstOrDefault() is { } declared
                                                             && !lambda.Span.Contains(declared.Span)
                                                             && AssignedOnlyAtDeclaration(semanticModel, reference.Local, cancellationToken):
                    // A local of the scope around a handler lambda, assigned once: the same value outside the lambda.
                    break;
                case ILocalReferenceOperation reference when reference.Syntax is IdentifierNameSyntax name
                                                             && LocalMLContextCreation(semanticModel, reference.Local, cancellationToken) is { } creation:
                    // `var ml = new MLContext(seed: 1);` in the method: the hoisted call creates its own, alike.
                    substitutions[name] = creation;
                    break;
                case IArgumentOperation or IConversionOperation or IDiscardOperation or ITypeOfOperation or IDefaultValueOperation:
                    break;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } when operation.Parent is IFieldReferenceOperation:
                    readsInstance = true;
                    break;
                case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                    readsInstance |= !field.Field.IsStatic;
                    break;
                case IPropertyReferenceOperation property when property.Property.IsStatic
                                                               || property.Instance is not null and not IInstanceReferenceOperation:
                    break;
                default:
                    if (!operation.ConstantValue.HasValue)
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// The <c>new MLContext(...)</c> (constant arguments only) a local is declared with, when it is never assigned
    /// again: creating another one alike where the call is hoisted reads the same model.
    /// </summary>
    private static ExpressionSyntax? LocalMLContextCreation(SemanticModel semanticModel, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (local.Type is not { Name: "MLContext", ContainingNamespace: { Name: "ML", ContainingNamespace.Name: "Microsoft" } }
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax creation }
            || creation.Initializer is not null
            || creation.ArgumentList?.Arguments.Any(a => !semanticModel.GetConstantValue(a.Expression, cancellationToken).HasValue) == true
            || !AssignedOnlyAtDeclaration(semanticModel, local, cancellationToken))
        {
            return null;
        }

        return creation is ImplicitObjectCreationExpressionSyntax
            ? SyntaxFactory.ParseExpression("new " + local.Type.ToMinimalDisplayString(semanticModel, creation.SpanStart) + creation.ArgumentList!.WithoutTrivia().ToFullString())
            : creation;
    }

    /// <summary>True when nothing in the local's scope assigns it or takes a reference to it.</summary>
    private static bool AssignedOnlyAtDeclaration(SemanticModel semanticModel, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: not null } declarator
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } statement
            || statement.Parent is not SyntaxNode scope)
        {
            return false;
        }

        if (scope is GlobalStatementSyntax)
        {
            scope = scope.Parent!;
        }

        return !scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
            name.Identifier.ValueText == local.Name
            && (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name
                || name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }
                || name.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or RefExpressionSyntax)
            && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, local));
    }

    private static string? FieldName(SemanticModel semanticModel, INamedTypeSymbol type, int position, string localName)
    {
        var baseName = "_" + localName.TrimStart('_');
        for (var i = 0; i < 10; i++)
        {
            var name = i == 0 ? baseName : baseName + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (type.GetMembers(name).IsEmpty && semanticModel.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }

        return null;
    }

    private static async Task<Document> ApplyAsync(Document document, Plan plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var semanticModel = editor.SemanticModel;
        var root = editor.OriginalRoot;
        var eol = Layout.EndOfLine(root);
        if (plan.OuterStatement is { } outer)
        {
            // The load leaves the lambda (the local keeps its name: the lambda now captures it).
            var outerIndent = Layout.IndentationOf(outer);
            var hoisted = SyntaxFactory.ParseStatement($"{outerIndent}var {plan.Local.Name} = {plan.CallText};{eol}");
            var lambdaStatements = ((BlockSyntax)plan.Statement.Parent!).Statements;
            var position = lambdaStatements.IndexOf(plan.Statement);
            var comments = plan.Statement.GetLeadingTrivia();
            if (comments.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)) && position + 1 < lambdaStatements.Count)
            {
                editor.ReplaceNode(lambdaStatements[position + 1], (current, _) => current.WithLeadingTrivia(comments.Concat(current.GetLeadingTrivia())));
            }

            editor.RemoveNode(plan.Statement, SyntaxRemoveOptions.KeepNoTrivia);
            if (outer.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, SyntaxFactory.GlobalStatement(hoisted).WithLeadingTrivia(global.GetLeadingTrivia()));
                editor.ReplaceNode(global, (current, _) => current.WithLeadingTrivia(SyntaxFactory.Whitespace(outerIndent)));
            }
            else
            {
                editor.InsertBefore(outer, hoisted.WithLeadingTrivia(outer.GetLeadingTrivia()));
                editor.ReplaceNode(outer, (current, _) => current.WithLeadingTrivia(SyntaxFactory.Whitespace(outerIndent)));
            }

            return editor.GetChangedDocument();
        }

        var memberIndent = Layout.IndentationOf(plan.Method);
        var statementIndent = Layout.IndentationOf(plan.Statement);
        var unit = statementIndent.Length > memberIndent.Length ? statementIndent.Substring(memberIndent.Length) : "    ";
        var callText = plan.CallText;
        var isStatic = plan.Static || plan.Method.Modifiers.Any(SyntaxKind.StaticKeyword);

        // The local's uses read the field.
        foreach (var name in plan.Method.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText == plan.Local.Name
                && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, plan.Local))
            {
                editor.ReplaceNode(name, SyntaxFactory.IdentifierName(plan.FieldName).WithTriviaFrom(name));
            }
        }

        // Comments before the removed declaration stay, on the statement after it.
        var leading = plan.Statement.GetLeadingTrivia();
        var lastEndOfLine = leading.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var kept = leading.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)) && lastEndOfLine != default
            ? leading.TakeWhile(t => t != lastEndOfLine).Append(lastEndOfLine).ToList()
            : new List<SyntaxTrivia>();
        var statements = ((BlockSyntax)plan.Statement.Parent!).Statements;
        var index = statements.IndexOf(plan.Statement);
        if (kept.Count > 0 && index + 1 < statements.Count)
        {
            editor.ReplaceNode(statements[index + 1], (current, _) => current.WithLeadingTrivia(kept.Concat(current.GetLeadingTrivia())));
        }

        editor.RemoveNode(plan.Statement, SyntaxRemoveOptions.KeepNoTrivia);

        var modifiers = isStatic ? "private static readonly" : "private readonly";
        var initializer = plan.InConstructors ? "" : " = " + callText;
        var members = new List<SyntaxNode> { ParseMember($"{memberIndent}{modifiers} {plan.TypeName} {plan.FieldName}{initializer};{eol}") };

        if (plan.InConstructors)
        {
            var assignment = $"{plan.FieldName} = {callText};";
            var constructors = plan.Type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
            if (constructors.Count == 0)
            {
                var access = plan.Type.Modifiers.Any(SyntaxKind.AbstractKeyword) ? "protected" : "public";
                members.Add(ParseMember(
                    $"{eol}{memberIndent}{access} {plan.Type.Identifier.ValueText}(){eol}{memberIndent}{{{eol}{memberIndent}{unit}{assignment}{eol}{memberIndent}}}{eol}"));
            }

            foreach (var constructor in constructors)
            {
                if (constructor.Initializer is { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword })
                {
                    continue;
                }

                var bodyIndent = Layout.IndentationOf(constructor) + unit;
                var added = SyntaxFactory.ParseStatement($"{bodyIndent}{assignment}{eol}");
                if (constructor.Body is { } body)
                {
                    editor.ReplaceNode(body, body.AddStatements(added));
                }
                else if (constructor.ExpressionBody is { } arrow)
                {
                    var indent = Layout.IndentationOf(constructor);
                    var block = SyntaxFactory.ParseStatement(
                        $"{eol}{indent}{{{eol}{bodyIndent}{arrow.Expression.WithoutTrivia().ToFullString()};{eol}{bodyIndent}{assignment}{eol}{indent}}}");
                    var header = constructor.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithParameterList(constructor.ParameterList.WithTrailingTrivia());
                    var newConstructor = constructor.Initializer is { } chained
                        ? header.WithInitializer(chained.WithTrailingTrivia()).WithBody((BlockSyntax)block)
                        : header.WithBody((BlockSyntax)block);
                    editor.ReplaceNode(constructor, newConstructor.WithTrailingTrivia(constructor.GetTrailingTrivia()));
                }
            }
        }

        var lastField = plan.Type.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();
        if (lastField is not null)
        {
            editor.InsertAfter(lastField, members);
        }
        else
        {
            // Before the first member, which gets a blank line before it.
            var first = plan.Type.Members.First();
            editor.InsertBefore(first, members);
            editor.ReplaceNode(first, (current, _) => current.WithLeadingTrivia(current.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol))));
        }

        return editor.GetChangedDocument();
    }

    private static MemberDeclarationSyntax ParseMember(string text) => SyntaxFactory.ParseMemberDeclaration(text)!;
}
