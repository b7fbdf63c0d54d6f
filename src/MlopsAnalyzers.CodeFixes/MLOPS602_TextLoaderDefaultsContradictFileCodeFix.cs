using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Data;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS602: tells the loader what the file is: <c>separatorChar: ','</c> (or the file's separator) and
/// <c>hasHeader: true</c> as found, as arguments of a parameter overload (replacing a written <c>hasHeader: false</c>),
/// or as <c>Separators = new[] { ',' }</c> and <c>HasHeader = true</c> in the options initializer the call reads (in
/// the call or in the local that holds it). No fix when the options are null or omitted.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TextLoaderDefaultsContradictFileCodeFix)), Shared]
public sealed class TextLoaderDefaultsContradictFileCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS602.SetSeparatorAndHeader";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.TextLoaderDefaultsContradictFile);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<InvocationExpressionSyntax>(context.Span) is not { } call
            || target.Operation<IInvocationOperation>(call) is not { } invocation)
        {
            return;
        }

        var files = new DataFiles(context.Document.Project.AnalyzerOptions);
        if (TextLoaderDefaultsContradictFileRule.GetContradiction(invocation, new DataSymbols(target.SemanticModel.Compilation), files, context.CancellationToken) is not { } found)
        {
            return;
        }

        var settings = found.Separator is { } separator
            ? found.Header ? $"separator '{separator}' and header" : $"separator '{separator}'"
            : "header";
        var load = found.Load;
        if (load.OptionsArgument is null)
        {
            var list = call.ArgumentList;
            if (found.Separator is { } sep)
            {
                list = SeedArgument.WithSeed(list, null, "separatorChar", TextLoaderOptionsRewrite.CharLiteral(sep));
            }

            if (found.Header)
            {
                var explicitHeader = invocation.GetArgument("hasHeader") is { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax header } ? header : null;
                list = explicitHeader is null
                    ? SeedArgument.WithSeed(list, null, "hasHeader", TextLoaderOptionsRewrite.True)
                    : list.ReplaceNode(list.Arguments[call.ArgumentList.Arguments.IndexOf(explicitHeader)].Expression, TextLoaderOptionsRewrite.True.WithTriviaFrom(explicitHeader.Expression));
            }

            Register(context, $"Read the file with its {settings}", ct => ReplaceAsync(context.Document, call.ArgumentList, list, ct), EquivalenceKey);
            return;
        }

        if (load.OptionsCreation?.Syntax is BaseObjectCreationExpressionSyntax { ContainsDiagnostics: false } creation
            && creation.SyntaxTree == call.SyntaxTree)
        {
            var updated = creation;
            if (found.Separator is { } sep)
            {
                updated = TextLoaderOptionsRewrite.WithMember(updated, "Separators", TextLoaderOptionsRewrite.SeparatorArray(TextLoaderOptionsRewrite.CharLiteral(sep)));
            }

            if (found.Header)
            {
                updated = TextLoaderOptionsRewrite.WithMember(updated, "HasHeader", TextLoaderOptionsRewrite.True);
            }

            Register(context, $"Read the file with its {settings}", ct => ReplaceAsync(context.Document, creation, updated, ct), EquivalenceKey);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
