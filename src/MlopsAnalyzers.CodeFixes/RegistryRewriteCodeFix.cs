using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>One node replaced by a fix that rewrites code to the model registry.</summary>
public sealed class RegistryRewrite
{
    public RegistryRewrite(SyntaxNode oldNode, SyntaxNode newNode, bool needsImport, string title)
    {
        OldNode = oldNode;
        NewNode = newNode;
        NeedsImport = needsImport;
        Title = title;
    }

    public SyntaxNode OldNode { get; }

    public SyntaxNode NewNode { get; }

    /// <summary>True when <c>using MlopsAnalyzers.Abstractions;</c> must be added.</summary>
    public bool NeedsImport { get; }

    public string Title { get; }
}

/// <summary>
/// The base of the MLOPS101, MLOPS102 and MLOPS103 fixes: each finds, for a diagnostic, one node to replace with a
/// call to the model registry (<see cref="GetRewrite"/>). Offered only when the compilation references
/// MlopsAnalyzers.Abstractions. Fix All applies every rewrite of a document at once and adds the using directive once.
/// </summary>
public abstract class RegistryRewriteCodeFix : MlopsCodeFix
{
    /// <summary>The equivalence key of the fix's code actions.</summary>
    protected abstract string EquivalenceKeyValue { get; }

    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixDocumentAsync);

    private protected sealed override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Symbols.ModelRegistry is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (GetRewrite(context.Document, target.Root, target.SemanticModel, target.Symbols, diagnostic, context.CancellationToken) is { } rewrite)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(rewrite.Title, ct => ApplyAsync(context.Document, new[] { rewrite }, ct), EquivalenceKeyValue),
                    diagnostic);
            }
        }
    }

    /// <summary>The rewrite for <paramref name="diagnostic"/>, or null when none is safe.</summary>
    private protected abstract RegistryRewrite? GetRewrite(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The call whose span is <paramref name="span"/> (or that the span points into), when it binds without errors.</summary>
    protected static IInvocationOperation? InvocationAt(SyntaxNode root, TextSpan span, SemanticModel semanticModel, CancellationToken cancellationToken, out InvocationExpressionSyntax? call)
    {
        call = null;
        for (SyntaxNode? current = root.FindNode(span, getInnermostNodeForTie: true); current is not null; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax invocation && invocation.Span == span)
            {
                call = invocation;
                break;
            }
        }

        return call is { ContainsDiagnostics: false } && semanticModel.GetOperation(call, cancellationToken) is IInvocationOperation operation ? operation : null;
    }

    /// <summary>A rewrite of <paramref name="oldNode"/>, when the registry can be named at its position.</summary>
    private protected static RegistryRewrite? Create(SemanticModel semanticModel, MlNetSymbols symbols, SyntaxNode oldNode, SyntaxNode? newNode, string title)
        => newNode is not null && ModelRegistryRewrite.NeedsImport(semanticModel, oldNode.SpanStart, symbols) is { } needsImport
            ? new RegistryRewrite(oldNode, newNode, needsImport, title)
            : null;

    private async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { ModelRegistry: not null } symbols)
        {
            return document;
        }

        var rewrites = diagnostics
            .Select(d => GetRewrite(document, root, semanticModel, symbols, d, context.CancellationToken))
            .Where(r => r is not null)
            .Select(r => r!)
            .ToList();
        return await ApplyAsync(document, rewrites, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> ApplyAsync(Document document, IReadOnlyList<RegistryRewrite> rewrites, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || rewrites.Count == 0)
        {
            return document;
        }

        // Two diagnostics can lead to the same call (a path built from two literals): rewrite it once. Nested
        // replacements cannot occur: each rewrite replaces a call or a statement that holds no other rewritten node.
        var byNode = new Dictionary<SyntaxNode, RegistryRewrite>();
        foreach (var rewrite in rewrites)
        {
            if (!byNode.ContainsKey(rewrite.OldNode) && !byNode.Keys.Any(n => n.Span.IntersectsWith(rewrite.OldNode.Span)))
            {
                byNode.Add(rewrite.OldNode, rewrite);
            }
        }

        root = root.ReplaceNodes(byNode.Keys, (original, _) => byNode[original].NewNode.WithTriviaFrom(original));
        if (byNode.Values.Any(r => r.NeedsImport) && root is CompilationUnitSyntax unit)
        {
            root = AddUsing(unit, ModelRegistryRewrite.Namespace);
        }

        return document.WithSyntaxRoot(root);
    }

    /// <summary>
    /// Adds <c>using <paramref name="ns"/>;</c> unless the file has it: in order among the other usings (System ones
    /// first), with the file's line ending.
    /// </summary>
    internal static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string ns)
    {
        var usings = unit.Usings;
        if (usings.Any(u => IsPlain(u) && u.Name?.ToString() == ns))
        {
            return unit;
        }

        var endOfLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var first && first.IsKind(SyntaxKind.EndOfLineTrivia)
            ? first
            : SyntaxFactory.CarriageReturnLineFeed;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space)).WithTrailingTrivia(endOfLine);
        if (usings.Count == 0)
        {
            return unit.WithUsings(SyntaxFactory.SingletonList(directive.WithTrailingTrivia(endOfLine, endOfLine)));
        }

        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            var name = usings[i].Name?.ToString() ?? "";
            if (!IsPlain(usings[i]) || (!IsSystem(name) && string.Compare(name, ns, StringComparison.OrdinalIgnoreCase) > 0))
            {
                index = i;
                break;
            }
        }

        if (index == 0)
        {
            // A header comment stays above the first using.
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    private static bool IsPlain(UsingDirectiveSyntax directive) => directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.GlobalKeyword.IsKind(SyntaxKind.None);

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
}
