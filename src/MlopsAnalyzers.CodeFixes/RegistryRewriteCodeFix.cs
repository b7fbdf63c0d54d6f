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

/// <summary>
/// The base of the MLOPS101, MLOPS102 and MLOPS103 fixes: each plans, for a diagnostic, the edits that move a model
/// file into a model registry at the same place (<see cref="RegistryPlanner"/>); the edits can span documents (a
/// producer and its consumers). Offered only when the compilation references MlopsAnalyzers.Abstractions. Fix All
/// (document, project, solution) applies the plans of every diagnostic once, each replaced node once.
/// </summary>
public abstract class RegistryRewriteCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix's code actions.</summary>
    protected abstract string EquivalenceKeyValue { get; }

    public sealed override FixAllProvider GetFixAllProvider() => new PlanFixAllProvider(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(plan.Title, ct => ApplyAsync(solution, plan.Edits, ct), EquivalenceKeyValue),
                    diagnostic);
            }
        }
    }

    /// <summary>The plan for <paramref name="diagnostic"/>, or null when no behaviour-preserving rewrite exists.</summary>
    private async Task<RegistryPlan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || semanticModel is null || MlNetSymbols.Get(semanticModel.Compilation) is not { ModelRegistry: not null } symbols
            ? null
            : await GetPlanAsync(document, root, semanticModel, symbols, diagnostic, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan for <paramref name="diagnostic"/>, or null when none keeps the program's behaviour.</summary>
    private protected abstract Task<RegistryPlan?> GetPlanAsync(Document document, SyntaxNode root, SemanticModel semanticModel, MlNetSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken);

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

    /// <summary>Fix All: the plans of every diagnostic in scope, applied together.</summary>
    private sealed class PlanFixAllProvider : FixAllProvider
    {
        private readonly RegistryRewriteCodeFix _fix;

        public PlanFixAllProvider(RegistryRewriteCodeFix fix) => _fix = fix;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAllScopes.All;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = await FixAllScopes.DiagnosticsAsync(fixAllContext).ConfigureAwait(false);

            var solution = fixAllContext.Solution;
            var fix = _fix;
            return CodeAction.Create(
                "Move every model file into a model registry at the same place",
                async ct =>
                {
                    var edits = new List<RegistryEdit>();
                    foreach (var diagnostic in diagnostics)
                    {
                        if (diagnostic.Location.SourceTree is { } tree
                            && solution.GetDocument(tree) is { } document
                            && await fix.PlanAsync(document, diagnostic, ct).ConfigureAwait(false) is { } plan)
                        {
                            edits.AddRange(plan.Edits);
                        }
                    }

                    return await ApplyAsync(solution, edits, ct).ConfigureAwait(false);
                },
                fixAllContext.CodeActionEquivalenceKey);
        }
    }

    /// <summary>
    /// Applies edits: each replaced node once (two diagnostics can plan the same edit), then removes the local
    /// declarations the edits left unread, then adds the namespaces the new code needs.
    /// </summary>
    internal static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<RegistryEdit> edits, CancellationToken cancellationToken)
    {
        foreach (var byDocument in edits.GroupBy(e => e.Document))
        {
            var document = solution.GetDocument(byDocument.Key);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var chosen = new List<RegistryEdit>();
            foreach (var edit in byDocument)
            {
                if (!chosen.Any(c => c.OldNode.Span.IntersectsWith(edit.OldNode.Span)))
                {
                    chosen.Add(edit);
                }
            }

            var removals = chosen.SelectMany(e => e.RemoveWhenUnused).Distinct().Where(r => !chosen.Any(c => c.OldNode.Span.IntersectsWith(r.Span))).ToList();
            root = root.TrackNodes(chosen.Select(e => e.OldNode).Concat(removals));
            foreach (var edit in chosen)
            {
                if (root.GetCurrentNode(edit.OldNode) is not { } current)
                {
                    continue;
                }

                if (edit.NewNodes.Count == 1)
                {
                    root = root.ReplaceNode(current, edit.NewNodes[0]);
                }
                else if (current.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    root = root.ReplaceNode(current, edit.NewNodes);
                }
                else if (current.Parent is GlobalStatementSyntax global)
                {
                    root = root.ReplaceNode(global, edit.NewNodes.Select(n => SyntaxFactory.GlobalStatement((StatementSyntax)n)));
                }
                else
                {
                    root = root.ReplaceNode(current, SyntaxFactory.Block(edit.NewNodes.Cast<StatementSyntax>()).WithTriviaFrom(current));
                }
            }

            root = RemoveUnread(root, removals);
            var namespaces = chosen.SelectMany(e => e.Namespaces).Distinct().ToList();
            if (root is CompilationUnitSyntax unit)
            {
                foreach (var ns in namespaces)
                {
                    unit = AddUsing(unit, ns);
                }

                root = unit;
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }

        return solution;
    }

    /// <summary>Removes each tracked local declaration whose variable no code of its member reads any more, until none is left.</summary>
    private static SyntaxNode RemoveUnread(SyntaxNode root, IReadOnlyList<SyntaxNode> removals)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var removal in removals)
            {
                if (root.GetCurrentNode(removal) is not LocalDeclarationStatementSyntax declaration)
                {
                    continue;
                }

                var name = declaration.Declaration.Variables[0].Identifier.ValueText;
                var scope = (SyntaxNode?)declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? root;
                if (scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == name))
                {
                    continue;
                }

                var node = declaration.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : declaration;
                if (root.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia) is { } removed)
                {
                    root = removed;
                    changed = true;
                }
            }
        }

        return root;
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
            var after = IsSystem(ns)
                ? !IsSystem(name) || string.Compare(name, ns, StringComparison.OrdinalIgnoreCase) > 0
                : !IsSystem(name) && string.Compare(name, ns, StringComparison.OrdinalIgnoreCase) > 0;
            if (!IsPlain(usings[i]) || after)
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
