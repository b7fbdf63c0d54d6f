using System;
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
using Microsoft.CodeAnalysis.FindSymbols;

namespace MlopsAnalyzers.CodeFixes;

using PoolRewrite = PredictionEnginePoolRewrite;

/// <summary>
/// MLOPS501: a static engine field or auto-property with an initializer becomes one engine per thread:
/// <c>static readonly ThreadLocal&lt;PredictionEngine&lt;A, B&gt;&gt; Engine = new(() =&gt; &lt;initializer&gt;)</c>, and every use
/// <c>Engine</c> becomes <c>Engine.Value</c>. Offered only for a private or internal member declared alone, never written
/// after its initializer, whose every reference is in the same document. A singleton registration of an engine built
/// from a model file at a constant path gets a second fix where Microsoft.Extensions.ML is referenced: a
/// <c>PredictionEnginePool</c> (<see cref="PredictionEnginePoolRewrite"/>). Captured engines get no fix: the shape of a
/// parallel loop has to change by hand (see the docs).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEngineSharedAcrossThreadsCodeFix)), Shared]
public sealed class PredictionEngineSharedAcrossThreadsCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "MLOPS501.UseThreadLocal";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PredictionEngineSharedAcrossThreads);

    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <summary>Every member of a document at once: a reference to one may sit in the initializer of another.</summary>
    private static readonly FixAllProvider ThreadLocalFixAll = FixAllProvider.Create(async (fixAll, document, diagnostics) =>
    {
        var edits = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(document, diagnostic.Location.SourceSpan, fixAll.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                foreach (var edit in plan)
                {
                    edits[edit.Key] = edit.Value;
                }
            }
        }

        return await ApplyAsync(document, edits, fixAll.CancellationToken).ConfigureAwait(false);
    });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await PoolRewrite.PlanAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is { } poolPlan)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(PoolRewrite.Title, ct => PoolRewrite.ApplyAsync(context.Document.Project.Solution, poolPlan, ct), PoolRewrite.EquivalenceKey),
                    diagnostic);
            }
        }

        if (await PlanAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Use one engine per thread (ThreadLocal)", ct => ApplyAsync(context.Document, plan, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Fix All: the ThreadLocal fix document by document; the pool fix over the solution, since it rewrites the
    /// consumers of each registration wherever they are.
    /// </summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => ThreadLocalFixAll.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey != PoolRewrite.EquivalenceKey)
            {
                return ThreadLocalFixAll.GetFixAsync(fixAllContext);
            }

            return Task.FromResult<CodeAction?>(CodeAction.Create(
                PoolRewrite.Title,
                ct => FixAllPoolsAsync(fixAllContext, ct),
                PoolRewrite.EquivalenceKey));
        }

        private static async Task<Solution> FixAllPoolsAsync(FixAllContext fixAll, CancellationToken cancellationToken)
        {
            var documents = fixAll.Scope switch
            {
                FixAllScope.Project => fixAll.Project.Documents,
                FixAllScope.Solution => fixAll.Solution.Projects.SelectMany(p => p.Documents),
                _ => fixAll.Document is { } document ? new[] { document } : Enumerable.Empty<Document>(),
            };

            var merged = new PoolRewrite.Plan();
            foreach (var document in documents.ToList())
            {
                foreach (var diagnostic in await fixAll.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await PoolRewrite.PlanAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false) is { } plan)
                    {
                        merged.Merge(plan);
                    }
                }
            }

            return await PoolRewrite.ApplyAsync(fixAll.Solution, merged, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> edits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || edits.Count == 0)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(edits.Keys, (original, rewritten) => edits[original](rewritten)));
    }

    /// <summary>The edits for the member declared at <paramref name="span"/>: its declaration and every reference, or null when no safe fix exists.</summary>
    private static async Task<Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>?> PlanAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        SyntaxNode declaration;
        TypeSyntax type;
        EqualsValueClauseSyntax? initializer;
        switch (node)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } variables } declarator:
                declaration = field;
                type = variables.Type;
                initializer = declarator.Initializer;
                break;
            case PropertyDeclarationSyntax property when property.AccessorList is { } accessors && accessors.Accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)):
                declaration = property;
                type = property.Type;
                initializer = property.Initializer;
                break;
            default:
                return null;
        }

        if (initializer is null || declaration.ContainsDiagnostics
            || semanticModel.GetDeclaredSymbol(node, cancellationToken) is not { IsStatic: true } member
            || member.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Internal)
            || semanticModel.GetTypeInfo(type, cancellationToken).Type is not { } engineType
            || !symbols.ThreadSharing.IsThreadUnsafeEngine(engineType)
            || !engineType.InheritsFrom(symbols.ThreadSharing.PredictionEngineBase))
        {
            return null;
        }

        var threadLocal = new TypeNames(semanticModel, declaration.SpanStart).Get("System.Threading", "ThreadLocal");
        var targetTyped = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
        var edits = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>
        {
            [declaration] = rewritten => RewriteDeclaration(rewritten, threadLocal, targetTyped),
        };

        var references = await SymbolFinder.FindReferencesAsync(member, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.Document.Id != document.Id
                || location.IsImplicit
                || root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax identifier)
            {
                return null;
            }

            ExpressionSyntax target = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (IsWriteOrName(target))
            {
                return null;
            }

            edits[target] = rewritten => SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    ((ExpressionSyntax)rewritten).WithoutTrivia(),
                    SyntaxFactory.IdentifierName("Value"))
                .WithTriviaFrom(rewritten);
        }

        return edits;
    }

    /// <summary>True where <c>.Value</c> cannot be appended: an assignment target, a ref/out/in argument, a <c>nameof</c> argument.</summary>
    private static bool IsWriteOrName(ExpressionSyntax target)
        => target.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == target,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || argument.Parent?.Parent is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } },
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or RefExpressionSyntax => true,
            _ => false,
        };

    private static SyntaxNode RewriteDeclaration(SyntaxNode declaration, string threadLocal, bool targetTyped)
    {
        switch (declaration)
        {
            case FieldDeclarationSyntax field:
            {
                var variables = field.Declaration;
                var declarator = variables.Variables[0];
                var newType = WrapType(variables.Type, threadLocal);
                return field.WithDeclaration(variables
                    .WithType(newType)
                    .WithVariables(variables.Variables.Replace(declarator, declarator.WithInitializer(WrapInitializer(declarator.Initializer!, newType, targetTyped)))));
            }

            case PropertyDeclarationSyntax property:
            {
                var newType = WrapType(property.Type, threadLocal);
                return property.WithType(newType).WithInitializer(WrapInitializer(property.Initializer!, newType, targetTyped));
            }

            default:
                return declaration;
        }
    }

    private static TypeSyntax WrapType(TypeSyntax type, string threadLocal)
        => SyntaxFactory.ParseTypeName($"{threadLocal}<{type.WithoutTrivia()}>").WithTriviaFrom(type);

    /// <summary>
    /// <c>= value</c> becomes <c>= new(() =&gt; value)</c>: a line break after the <c>=</c> moves after the <c>=&gt;</c>, so a
    /// value on its own line stays there; trivia after the value goes after the closing parenthesis.
    /// </summary>
    private static EqualsValueClauseSyntax WrapInitializer(EqualsValueClauseSyntax initializer, TypeSyntax threadLocalType, bool targetTyped)
    {
        var value = initializer.Value;
        var lambda = SyntaxFactory.ParenthesizedLambdaExpression(SyntaxFactory.ParameterList(), value.WithoutTrailingTrivia())
            .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken)
                .WithLeadingTrivia(SyntaxFactory.Space)
                .WithTrailingTrivia(initializer.EqualsToken.TrailingTrivia));
        var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(lambda)));
        ExpressionSyntax creation = targetTyped
            ? SyntaxFactory.ImplicitObjectCreationExpression(arguments, null)
            : SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                threadLocalType.WithoutTrivia(),
                arguments,
                null);
        return initializer
            .WithEqualsToken(initializer.EqualsToken.WithTrailingTrivia(SyntaxFactory.Space))
            .WithValue(creation.WithTrailingTrivia(value.GetTrailingTrivia()));
    }
}
