using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
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
/// MLOPS403: wraps the call in the experiment tracker, which records every metric as a run and returns the metrics
/// unchanged: <c>ExperimentTracker.Default.RecordEvaluation("Trainer", ml.Regression.Evaluate(scored))</c>, or
/// <c>RecordCrossValidation</c> for <c>CrossValidate</c>. Offered only when the project references
/// MlopsAnalyzers.Abstractions; adds <c>using MlopsAnalyzers.Abstractions.Tracking;</c> when needed. The experiment name is
/// <c>mlops.MLOPS403.experiment_name</c>, else the name of the containing type (of the assembly for top-level statements).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricsNotRecordedCodeFix)), Shared]
public sealed class MetricsNotRecordedCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS403.RecordWithExperimentTracker";

    /// <summary>The option naming the experiment the fix records to.</summary>
    public const string ExperimentNameOption = "experiment_name";

    private const string TrackingNamespace = "MlopsAnalyzers.Abstractions.Tracking";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.MetricsNotRecorded);

    /// <summary>Every call of a document is wrapped at once, and the using directive added once.</summary>
    public override FixAllProvider GetFixAllProvider() => DocumentBatch((target, diagnostics) =>
    {
        var wraps = new Dictionary<SyntaxNode, ExpressionSyntax>();
        var needsUsing = false;
        foreach (var diagnostic in diagnostics)
        {
            if (GetWrap(target, diagnostic.Location.SourceSpan) is { } wrap)
            {
                wraps[wrap.Call] = wrap.Replacement;
                needsUsing |= wrap.NeedsUsing;
            }
        }

        return wraps.Count == 0 ? target.Document : target.Document.WithSyntaxRoot(Apply(target.Root, wraps, needsUsing));
    });

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (GetWrap(target, context.Span) is not { } wrap)
        {
            return;
        }

        var wraps = new Dictionary<SyntaxNode, ExpressionSyntax> { [wrap.Call] = wrap.Replacement };
        Register(context, $"Record the metrics as a run of experiment '{wrap.Experiment}'", ct => Task.FromResult(context.Document.WithSyntaxRoot(Apply(target.Root, wraps, wrap.NeedsUsing))), EquivalenceKey);
    }

    private sealed class Wrap
    {
        public Wrap(SyntaxNode call, ExpressionSyntax replacement, string experiment, bool needsUsing)
        {
            Call = call;
            Replacement = replacement;
            Experiment = experiment;
            NeedsUsing = needsUsing;
        }

        public SyntaxNode Call { get; }

        public ExpressionSyntax Replacement { get; }

        public string Experiment { get; }

        public bool NeedsUsing { get; }
    }

    private static Wrap? GetWrap(FixTarget target, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var (document, semanticModel) = (target.Document, target.SemanticModel);
        if (target.Symbols is not { Evaluation.ExperimentTracker: { } tracker } symbols
            || target.NodeAt(span) is not InvocationExpressionSyntax { ContainsDiagnostics: false } callSyntax
            || target.Operation<IInvocationOperation>(callSyntax) is not { } call
            || !MetricsNotRecordedRule.IsMetricsCall(call, symbols))
        {
            return null;
        }

        // ExperimentTracker by its short name: visible already, or made visible by the using directive. Another type of
        // that name in scope would be ambiguous: no fix then.
        var visible = semanticModel.LookupSymbols(callSyntax.SpanStart, name: tracker.Name);
        var needsUsing = visible.Length == 0;
        if (!needsUsing && !visible.Any(s => SymbolEqualityComparer.Default.Equals(s, tracker)))
        {
            return null;
        }

        var experiment = GetExperimentName(document, target.Root, semanticModel, callSyntax);
        var method = symbols.IsCrossValidate(call.TargetMethod) ? "RecordCrossValidation" : "RecordEvaluation";
        var replacement = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(tracker.Name), SyntaxFactory.IdentifierName("Default")),
                SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(experiment))),
                SyntaxFactory.Argument(callSyntax.WithoutTrivia()),
            })));
        return new Wrap(callSyntax, replacement, experiment, needsUsing);
    }

    private static SyntaxNode Apply(SyntaxNode root, Dictionary<SyntaxNode, ExpressionSyntax> wraps, bool needsUsing)
    {
        var updated = root.ReplaceNodes(wraps.Keys, (original, _) => wraps[original].WithTriviaFrom(original));
        if (!needsUsing || updated is not CompilationUnitSyntax unit)
        {
            return updated;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(TrackingNamespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        if (unit.Usings.Count > 0)
        {
            var last = unit.Usings[unit.Usings.Count - 1];
            return unit.WithUsings(unit.Usings.Add(directive.WithTrailingTrivia(last.GetTrailingTrivia())));
        }

        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.CarriageReturnLineFeed;
        return unit.WithUsings(unit.Usings.Add(directive.WithTrailingTrivia(newLine, newLine)));
    }

    /// <summary>The option's value, else the containing type's name (the assembly's for top-level statements), made a valid experiment name.</summary>
    private static string GetExperimentName(Document document, SyntaxNode root, SemanticModel semanticModel, SyntaxNode call)
    {
        var configured = FixOptions.GetString(document, root.SyntaxTree, RuleIdentifiers.MetricsNotRecorded, ExperimentNameOption);
        if (!string.IsNullOrEmpty(configured))
        {
            return ToExperimentName(configured!);
        }

        var enclosing = semanticModel.GetEnclosingSymbol(call.SpanStart);
        var name = enclosing is null or IMethodSymbol { Name: WellKnownMemberNames.TopLevelStatementsEntryPointMethodName }
            ? semanticModel.Compilation.AssemblyName
            : enclosing.ContainingType?.Name ?? semanticModel.Compilation.AssemblyName;
        return ToExperimentName(name ?? string.Empty);
    }

    /// <summary>
    /// An experiment name the tracker accepts (letters, digits, '.', '_', '-', starting with a letter or digit, at most
    /// 100 characters): other characters become '-'.
    /// </summary>
    internal static string ToExperimentName(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var name = builder.ToString().TrimStart('.', '_', '-');
        if (name.Length > 100)
        {
            name = name.Substring(0, 100);
        }

        if (name.Length == 0)
        {
            return "experiment";
        }

        // CON, NUL, COM1, ... cannot be file names on Windows.
        var stem = name.Split('.')[0].ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && (stem.StartsWith("COM", System.StringComparison.Ordinal) || stem.StartsWith("LPT", System.StringComparison.Ordinal)) && stem[3] is >= '1' and <= '9')
            ? name + "-experiment"
            : name;
    }
}
