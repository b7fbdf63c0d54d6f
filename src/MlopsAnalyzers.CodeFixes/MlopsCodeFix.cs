using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// The base of the package's code fixes: it does the prologue every fix shares (the document's syntax root and
/// semantic model, the ML.NET symbols of its compilation) and hands the fix a <see cref="FixTarget"/>, so that a fix
/// file holds only what it finds at the diagnostic and the rewrite. Fix All is the batch fixer unless a fix overrides
/// it, typically with <see cref="DocumentBatch(Func{FixTarget, ImmutableArray{Diagnostic}, Document})"/> when the
/// edits of several diagnostics interact. The fixes that plan
/// across a whole solution (MLOPS204's shared pipeline, MLOPS501's engine pool) start from the solution instead and
/// derive from <see cref="CodeFixProvider"/> directly.
/// </summary>
public abstract class MlopsCodeFix : CodeFixProvider
{
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FixTarget.CreateAsync(context.Document, context.CancellationToken).ConfigureAwait(false) is { } target)
        {
            await RegisterFixesAsync(context, target).ConfigureAwait(false);
        }
    }

    /// <summary>Registers the fix for the diagnostics of <paramref name="context"/>, when one is safe.</summary>
    private protected virtual void RegisterFixes(CodeFixContext context, FixTarget target)
    {
    }

    /// <summary>
    /// As <see cref="RegisterFixes"/>, for a fix that must read other documents of the solution before it knows
    /// whether it is safe (MLOPS503 looks for the registration of the model it monitors).
    /// </summary>
    private protected virtual Task RegisterFixesAsync(CodeFixContext context, FixTarget target)
    {
        RegisterFixes(context, target);
        return Task.CompletedTask;
    }

    /// <summary>Registers one code action, under <paramref name="equivalenceKey"/>, for every diagnostic of the context.</summary>
    private protected static void Register(CodeFixContext context, string title, Func<CancellationToken, Task<Document>> createChangedDocument, string equivalenceKey)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(CodeAction.Create(title, createChangedDocument, equivalenceKey), diagnostic);
        }
    }

    /// <summary>
    /// A Fix All that rewrites each document once, with all of its diagnostics: <paramref name="fix"/> gets the
    /// document's <see cref="FixTarget"/> and returns the new document (or the same one when nothing applies).
    /// </summary>
    private protected static FixAllProvider DocumentBatch(Func<FixTarget, ImmutableArray<Diagnostic>, Document> fix)
        => DocumentBatch((target, diagnostics) => Task.FromResult(fix(target, diagnostics)));

    /// <summary>As <see cref="DocumentBatch(Func{FixTarget, ImmutableArray{Diagnostic}, Document})"/>, for a rewrite that awaits.</summary>
    private protected static FixAllProvider DocumentBatch(Func<FixTarget, ImmutableArray<Diagnostic>, Task<Document>> fix)
        => FixAllProvider.Create(async (fixAll, document, diagnostics) =>
            await FixTarget.CreateAsync(document, fixAll.CancellationToken).ConfigureAwait(false) is { } target
                ? await fix(target, diagnostics).ConfigureAwait(false)
                : document);
}

/// <summary>The Fix All scopes of the fixes that plan across documents, and the diagnostics a scope holds.</summary>
internal static class FixAllScopes
{
    public static IEnumerable<FixAllScope> All { get; } = new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    /// <summary>Every diagnostic of the context's scope: its document, its project, or every project of the solution.</summary>
    public static async Task<List<Diagnostic>> DiagnosticsAsync(FixAllContext fixAllContext)
    {
        var diagnostics = new List<Diagnostic>();
        switch (fixAllContext.Scope)
        {
            case FixAllScope.Document when fixAllContext.Document is { } document:
                diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (var project in fixAllContext.Solution.Projects)
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
        }

        return diagnostics;
    }
}

/// <summary>What a fix works on: a document with its syntax root, its semantic model and the ML.NET symbols of its compilation.</summary>
internal sealed class FixTarget
{
    private FixTarget(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        SemanticModel = semanticModel;
        Symbols = symbols;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public SemanticModel SemanticModel { get; }

    public MlNetSymbols Symbols { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The target, or null when the document has no syntax or semantics, or its compilation does not reference ML.NET.</summary>
    public static async Task<FixTarget?> CreateAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { } symbols
            ? null
            : new FixTarget(document, root, semanticModel, symbols, cancellationToken);
    }

    /// <summary>The innermost node at <paramref name="span"/> (the diagnostic's location).</summary>
    public SyntaxNode NodeAt(TextSpan span) => Root.FindNode(span, getInnermostNodeForTie: true);

    /// <summary>The node of type <typeparamref name="T"/> at or around <paramref name="span"/>, or null when there is none or it has errors.</summary>
    public T? Enclosing<T>(TextSpan span)
        where T : SyntaxNode
        => NodeAt(span).FirstAncestorOrSelf<T>() is { ContainsDiagnostics: false } node ? node : null;

    /// <summary>The operation of <paramref name="node"/> when it is a <typeparamref name="TOperation"/>, else null.</summary>
    public TOperation? Operation<TOperation>(SyntaxNode node)
        where TOperation : class, IOperation
        => SemanticModel.GetOperation(node, CancellationToken) as TOperation;
}
