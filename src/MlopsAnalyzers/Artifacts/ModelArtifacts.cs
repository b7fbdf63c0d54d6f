using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Artifacts;

/// <summary>
/// Where model files go: the calls that save, load, export or serve a model from a location (<see cref="GetLocationValues"/>),
/// the calls that move a file by hand (<see cref="GetMove"/>) and whether what they move is a model
/// (<see cref="IsModelArtifact"/>), and the string values behind a location (<see cref="FindHardCodedLocations"/>,
/// <see cref="GetConstantTail"/>). Shared by MLOPS101, MLOPS102, MLOPS103 and their fixes.
/// </summary>
internal static class ModelArtifacts
{
    private const int MaxDepth = 8;

    /// <summary>A string value that names a fixed place: what MLOPS101 reports.</summary>
    public readonly struct HardCodedLocation
    {
        public HardCodedLocation(SyntaxNode node, string value)
        {
            Node = node;
            Value = value;
        }

        /// <summary>The literal (or constant initializer) that holds the location; it can be in another file than the use.</summary>
        public SyntaxNode Node { get; }

        public string Value { get; }
    }

    /// <summary>A file moved, copied or uploaded by hand.</summary>
    public sealed class Move
    {
        internal Move(string description, IOperation? sourcePath, IOperation? sourceStream, IOperation? destinationPath)
        {
            Description = description;
            SourcePath = sourcePath;
            SourceStream = sourceStream;
            DestinationPath = destinationPath;
        }

        /// <summary>How the file is moved, for messages: <c>File.Copy</c>, <c>TransferUtility.Upload</c>, ...</summary>
        public string Description { get; }

        /// <summary>The path of the file moved, when given as a path.</summary>
        public IOperation? SourcePath { get; }

        /// <summary>The stream moved, when given as a stream.</summary>
        public IOperation? SourceStream { get; }

        /// <summary>The destination path of a local copy or move.</summary>
        public IOperation? DestinationPath { get; }
    }

    /// <summary>
    /// The end of an artifact rule's message: what to do, and how to get the code fix when the compilation does not
    /// reference the runtime library that the fix rewrites code to.
    /// </summary>
    public static string RegistryHint(MlNetSymbols symbols, string action) => symbols.ModelRegistry is null
        ? action + " with a model registry; add the MlopsAnalyzers.Abstractions package to get a code fix that uses its ModelRegistry"
        : action + " with ModelRegistry (MlopsAnalyzers.Abstractions)";

    // ---------------------------------------------------------------- what counts as a location

    /// <summary>
    /// True for a value that names a fixed place: a URI (<c>s3://</c>, <c>gs://</c>, <c>https://</c>, ...), a UNC path
    /// (<c>\\server\share</c>), a drive path (<c>C:\</c>) or an absolute Unix path. Relative paths are not.
    /// Decided on the text alone, so it does not depend on the machine the compiler runs on.
    /// </summary>
    public static bool IsHardCodedLocation(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var text = value!;
        if (text.StartsWith("\\\\", StringComparison.Ordinal) || text[0] == '/')
        {
            return true;
        }

        if (text.Length >= 3 && IsAsciiLetter(text[0]) && text[1] == ':' && (text[2] == '\\' || text[2] == '/'))
        {
            return true;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && IsAsciiLetter(text[0]))
        {
            for (var i = 1; i < scheme; i++)
            {
                var c = text[i];
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>True for a file name that is a model file whatever wrote it: <c>.onnx</c>, <c>.mlnet</c>, or a <c>.zip</c> named like a model (<c>MLModel.zip</c>).</summary>
    public static bool IsModelFileName(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return false;
        }

        var name = fileName!.ToLowerInvariant();
        return name.EndsWith(".onnx", StringComparison.Ordinal)
            || name.EndsWith(".mlnet", StringComparison.Ordinal)
            || (name.EndsWith(".zip", StringComparison.Ordinal) && name.Contains("model"));
    }

    /// <summary>The last segment of a path or URI: after the last '/' or '\'.</summary>
    public static string GetFileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    // ---------------------------------------------------------------- calls

    /// <summary>True for <c>mlContext.Model.Save(model, schema, string filePath)</c> (and the data-loader overload with a path).</summary>
    public static bool IsModelSaveToFile(IInvocationOperation invocation, MlNetSymbols symbols, out IArgumentOperation? pathArgument)
    {
        pathArgument = null;
        var method = invocation.TargetMethod;
        if (method.Name != "Save" || !ArtifactSymbols.Is(method.ContainingType, symbols.ModelOperationsCatalog))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                pathArgument = argument;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The values that name where a model is saved, loaded, exported or served from by this call, with a description
    /// of the call: <c>Model.Save/Load</c> paths and streams, ONNX export streams, <c>PredictionEnginePool</c>
    /// <c>FromFile/FromUri</c>, and the source and destination of a model file moved by hand. A stream counts through
    /// the path it is opened on (<c>File.Create(path)</c>).
    /// </summary>
    public static IEnumerable<(IArgumentOperation Argument, IOperation Value, string Sink)> GetLocationValues(IInvocationOperation invocation, MlNetSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var artifacts = symbols.Artifacts;
        string? sink = null;
        if (ArtifactSymbols.Is(method.ContainingType, symbols.ModelOperationsCatalog))
        {
            sink = method.Name switch
            {
                "Save" => "'Model.Save'",
                "Load" or "LoadWithDataLoader" => "'Model." + method.Name + "'",
                _ => null,
            };
        }
        else if (method.Name == "ConvertToOnnx" && ArtifactSymbols.Is(method.ContainingType, artifacts.OnnxExportExtensions))
        {
            sink = "'ConvertToOnnx'";
        }
        else if (method.Name is "FromFile" or "FromUri" && ArtifactSymbols.Is(method.ContainingType, artifacts.PredictionEnginePoolBuilderExtensions))
        {
            sink = "'PredictionEnginePool." + method.Name + "'";
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name is "filePath" or "uri" && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    yield return (argument, argument.Value, sink);
                }
            }

            yield break;
        }

        if (sink is not null)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (parameter.Type.SpecialType == SpecialType.System_String)
                {
                    yield return (argument, argument.Value, sink);
                }
                else if (ArtifactSymbols.Is(parameter.Type, artifacts.Stream) && GetFilePathOfStream(argument.Value, symbols) is { } path)
                {
                    yield return (argument, path, sink);
                }
            }

            yield break;
        }

        if (GetMove(invocation, symbols) is { } move && IsModelArtifact(move, invocation, symbols))
        {
            foreach (var value in new[] { move.SourcePath, move.SourceStream is null ? null : GetFilePathOfStream(move.SourceStream, symbols), move.DestinationPath })
            {
                if (value is not null && value.Parent is IArgumentOperation argument)
                {
                    yield return (argument, value, "'" + move.Description + "'");
                }
                else if (value is not null && FindArgument(value) is { } enclosing)
                {
                    yield return (enclosing, value, "'" + move.Description + "'");
                }
            }
        }
    }

    /// <summary>A file moved, copied or uploaded by hand by this call, or null.</summary>
    public static Move? GetMove(IInvocationOperation invocation, MlNetSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var artifacts = symbols.Artifacts;
        var type = method.ContainingType;

        if (method.IsStatic && ArtifactSymbols.Is(type, artifacts.File) && method.Name is "Copy" or "Move")
        {
            return new Move("File." + method.Name, invocation.GetArgument("sourceFileName")?.Value, null, invocation.GetArgument("destFileName")?.Value);
        }

        if (!method.IsStatic && method.Name is "CopyTo" or "CopyToAsync" && type.InheritsFrom(artifacts.Stream) && invocation.Instance is { } source)
        {
            return new Move("Stream." + method.Name, null, source, null);
        }

        var receiver = invocation.Instance?.Type;
        string? description = null;
        if (method.Name is "Upload" or "UploadAsync"
            && (ArtifactSymbols.IsOrImplements(receiver, artifacts.ITransferUtility) || ArtifactSymbols.IsOrImplements(receiver, artifacts.TransferUtility)))
        {
            description = "TransferUtility." + method.Name;
        }
        else if (method.Name.StartsWith("PutObject", StringComparison.Ordinal) && ArtifactSymbols.IsOrImplements(receiver, artifacts.IAmazonS3))
        {
            description = method.Name;
        }
        else if (method.Name is "Upload" or "UploadAsync"
            && (ArtifactSymbols.IsOrImplements(receiver, artifacts.BlobClient) || ArtifactSymbols.IsOrImplements(receiver, artifacts.BlockBlobClient)))
        {
            description = "BlobClient." + method.Name;
        }
        else if (method.Name is "UploadBlob" or "UploadBlobAsync" && ArtifactSymbols.IsOrImplements(receiver, artifacts.BlobContainerClient))
        {
            description = "BlobContainerClient." + method.Name;
        }

        if (description is null)
        {
            return null;
        }

        IOperation? path = null;
        IOperation? stream = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            if (parameter.Type.SpecialType == SpecialType.System_String && parameter.Name is "filePath" or "path")
            {
                path ??= argument.Value;
            }
            else if (parameter.Type.InheritsFrom(artifacts.Stream))
            {
                stream ??= argument.Value;
            }
            else if (ArtifactSymbols.Is(parameter.Type, artifacts.TransferUtilityUploadRequest) || ArtifactSymbols.Is(parameter.Type, artifacts.PutObjectRequest))
            {
                ReadUploadRequest(argument.Value, ref path, ref stream);
            }
        }

        return path is null && stream is null ? null : new Move(description, path, stream, null);
    }

    /// <summary>
    /// True when the moved file is a model: written by <c>Model.Save</c> or ONNX export in the same method (same local,
    /// parameter, field or constant path, or the same stream), or named like a model file (<see cref="IsModelFileName"/>).
    /// A move of a temporary file into place (<c>.tmp</c>, <c>Path.GetTempFileName()</c>) is not counted.
    /// </summary>
    public static bool IsModelArtifact(Move move, IOperation context, MlNetSymbols symbols)
    {
        var path = move.SourcePath ?? (move.SourceStream is null ? null : GetFilePathOfStream(move.SourceStream, symbols));
        if (path is not null && IsTemporaryFile(path, symbols))
        {
            return false;
        }

        var root = context.GetRoot();
        if (path is not null && (IsModelFileName(GetFileNameOf(path, symbols)) || IsWrittenByModelSave(path, root, symbols)))
        {
            return true;
        }

        if (move.SourceStream is not null && IsWrittenByModelSave(move.SourceStream, root, symbols))
        {
            return true;
        }

        // File.Copy(options.ModelPath, @"\\share\models\churn-model.zip"): the source is not known here, the
        // destination is a hard-coded place named like a model file.
        return move.DestinationPath is { } destination && IsModelDestination(destination, symbols);
    }

    /// <summary>
    /// True for a destination path that is hard-coded (a share, an absolute path, a URI: see
    /// <see cref="FindHardCodedLocations"/>) and whose file name is a model file (<see cref="IsModelFileName"/>), or a
    /// <c>.zip</c> in a folder named like models (<c>\\share\models\current.zip</c>).
    /// </summary>
    private static bool IsModelDestination(IOperation destination, MlNetSymbols symbols)
    {
        if (GetConstantTail(destination, symbols) is not { } tail)
        {
            return false;
        }

        var fileName = GetFileName(tail);
        var zip = fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (!IsModelFileName(fileName) && !zip)
        {
            return false;
        }

        var found = new List<HardCodedLocation>();
        FindHardCodedLocations(destination, symbols, found);
        foreach (var location in found)
        {
            if (!zip || IsModelFileName(fileName)
                || tail.IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0
                || location.Value.IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The file name at the end of a path value, when its end is a constant (<c>Path.Combine(dir, "model.zip")</c>), or null.</summary>
    public static string? GetFileNameOf(IOperation path, MlNetSymbols symbols) => GetConstantTail(path, symbols) is { } tail ? GetFileName(tail) : null;

    /// <summary>
    /// The constant end of a path value: the whole value when constant, else the last argument of <c>Path.Combine</c>,
    /// the right operand of a concatenation or the last text of an interpolation, through locals assigned once and
    /// constant or read-only fields. Null when the end is not constant.
    /// </summary>
    public static string? GetConstantTail(IOperation value, MlNetSymbols symbols, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (value)
        {
            case ILocalReferenceOperation local when DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned:
                return GetConstantTail(assigned, symbols, depth + 1);
            case IFieldReferenceOperation field when GetFieldInitializer(field.Field, value.SemanticModel) is { } initializer:
                return initializer.SyntaxTree == value.Syntax.SyntaxTree && value.SemanticModel?.GetOperation(initializer) is { } initialOperation
                    ? GetConstantTail(initialOperation, symbols, depth + 1)
                    : initializer is LiteralExpressionSyntax literal ? literal.Token.ValueText : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return GetConstantTail(concatenation.RightOperand, symbols, depth + 1);
            case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0:
                return interpolated.Parts[interpolated.Parts.Length - 1] is IInterpolatedStringTextOperation text
                    && text.Text.ConstantValue is { HasValue: true, Value: string last }
                    ? last
                    : null;
            case IInvocationOperation call when IsPathCombine(call, symbols, out var parts) && parts.Count > 0:
                return GetConstantTail(parts[parts.Count - 1], symbols, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// The hard-coded locations a value is built from. The value is followed through locals assigned once, constant
    /// and read-only fields, concatenation and interpolation (their leading part: that is what makes a path absolute),
    /// <c>Path.Combine</c> (every part: a rooted part replaces what precedes it), <c>Path.Join</c> (its first part),
    /// <c>new Uri(...)</c> and both branches of <c>?:</c>. Values from parameters, calls or configuration are not.
    /// </summary>
    public static void FindHardCodedLocations(IOperation value, MlNetSymbols symbols, List<HardCodedLocation> found, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        value = value.WalkDownConversion();
        switch (value)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } }:
                Add(value.Syntax, literal);
                return;
            case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0:
                if (interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string leading } })
                {
                    Add(value.Syntax, leading);
                }
                else if (interpolated.Parts[0] is IInterpolationOperation hole)
                {
                    FindHardCodedLocations(hole.Expression, symbols, found, depth + 1);
                }

                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                FindHardCodedLocations(concatenation.LeftOperand, symbols, found, depth + 1);
                return;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                FindHardCodedLocations(conditional.WhenTrue, symbols, found, depth + 1);
                FindHardCodedLocations(whenFalse, symbols, found, depth + 1);
                return;
            case ILocalReferenceOperation local:
                if (DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned)
                {
                    FindHardCodedLocations(assigned, symbols, found, depth + 1);
                }

                return;
            case IFieldReferenceOperation field when GetFieldInitializer(field.Field, value.SemanticModel) is { } initializer:
                if (initializer.SyntaxTree == value.Syntax.SyntaxTree && value.SemanticModel?.GetOperation(initializer) is { } initialOperation)
                {
                    FindHardCodedLocations(initialOperation, symbols, found, depth + 1);
                }
                else if (field.Field.IsConst && field.Field.ConstantValue is string constant)
                {
                    Add(initializer, constant);
                }
                else if (initializer is LiteralExpressionSyntax literalSyntax)
                {
                    Add(initializer, literalSyntax.Token.ValueText);
                }

                return;
            case IObjectCreationOperation creation when ArtifactSymbols.Is(creation.Type, symbols.Artifacts.Uri) && creation.Arguments.Length > 0:
                FindHardCodedLocations(creation.Arguments[0].Value, symbols, found, depth + 1);
                return;
            case IInvocationOperation call when IsPathCombine(call, symbols, out var parts):
                var onlyFirst = call.TargetMethod.Name == "Join";
                foreach (var part in parts)
                {
                    FindHardCodedLocations(part, symbols, found, depth + 1);
                    if (onlyFirst)
                    {
                        break;
                    }
                }

                return;
        }

        void Add(SyntaxNode node, string text)
        {
            if (IsHardCodedLocation(text))
            {
                found.Add(new HardCodedLocation(node, text));
            }
        }
    }

    /// <summary>The path a stream is opened on: <c>File.OpenRead/OpenWrite/Open/Create(path)</c> or <c>new FileStream(path, ...)</c>, directly or through a local assigned once.</summary>
    public static IOperation? GetFilePathOfStream(IOperation stream, MlNetSymbols symbols, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        stream = stream.WalkDownConversion();
        switch (stream)
        {
            case ILocalReferenceOperation local when DataFlow.GetSingleAssignedValue(stream.GetRoot(), local.Local) is { } assigned:
                return GetFilePathOfStream(assigned, symbols, depth + 1);
            case IInvocationOperation call when ArtifactSymbols.Is(call.TargetMethod.ContainingType, symbols.Artifacts.File)
                && call.TargetMethod.Name is "OpenRead" or "OpenWrite" or "Open" or "Create"
                && call.Arguments.Length > 0
                && call.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String:
                return call.Arguments[0].Value;
            case IObjectCreationOperation creation when ArtifactSymbols.Is(creation.Type, symbols.Artifacts.FileStream)
                && creation.Arguments.Length > 0
                && creation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String:
                return creation.Arguments[0].Value;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when a <c>Model.Save</c> or ONNX export in <paramref name="root"/> writes to the same path or stream as
    /// <paramref name="value"/>, or a <c>File.Move/Copy</c> there puts such a file at that path (save to a temporary
    /// file, move it into place, then copy it elsewhere: the model file is followed through the chain).
    /// </summary>
    public static bool IsWrittenByModelSave(IOperation value, IOperation root, MlNetSymbols symbols) => IsWrittenByModelSave(value, root, symbols, depth: 0);

    private static bool IsWrittenByModelSave(IOperation value, IOperation root, MlNetSymbols symbols, int depth)
    {
        foreach (var operation in root.GetDescendants())
        {
            if (operation is not IInvocationOperation call)
            {
                continue;
            }

            var method = call.TargetMethod;
            if (depth < 4
                && method.IsStatic
                && method.Name is "Copy" or "Move"
                && ArtifactSymbols.Is(method.ContainingType, symbols.Artifacts.File)
                && call.GetArgument("destFileName") is { } destination
                && call.GetArgument("sourceFileName") is { } source
                && IsSameValue(destination.Value, value)
                && !IsSameValue(source.Value, value)
                && IsWrittenByModelSave(source.Value, root, symbols, depth + 1))
            {
                return true;
            }

            var isSave = (method.Name == "Save" && ArtifactSymbols.Is(method.ContainingType, symbols.ModelOperationsCatalog))
                || (method.Name == "ConvertToOnnx" && ArtifactSymbols.Is(method.ContainingType, symbols.Artifacts.OnnxExportExtensions));
            if (!isSave)
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (type?.SpecialType == SpecialType.System_String && IsSameValue(argument.Value, value))
                {
                    return true;
                }

                if (type.InheritsFrom(symbols.Artifacts.Stream)
                    && (IsSameValue(argument.Value, value) || (GetFilePathOfStream(argument.Value, symbols) is { } written && IsSameValue(written, value))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when two values are the same variable (local, parameter, field, property) or the same constant string.</summary>
    public static bool IsSameValue(IOperation first, IOperation second)
    {
        first = first.WalkDownConversion();
        second = second.WalkDownConversion();
        if (first.GetReferencedSymbol() is { } a && SymbolEqualityComparer.Default.Equals(a, second.GetReferencedSymbol()))
        {
            return true;
        }

        return first.ConstantValue is { HasValue: true, Value: string x }
            && second.ConstantValue is { HasValue: true, Value: string y }
            && string.Equals(x, y, StringComparison.Ordinal);
    }

    /// <summary>
    /// The initializer of a constant field, or of a read-only field that no constructor assigns, when it has exactly
    /// one declaration; else null. Whether a constructor assigns the field is decided by binding the constructors with
    /// <paramref name="model"/> (see <see cref="IsAssignedInConstructor"/>).
    /// </summary>
    public static ExpressionSyntax? GetFieldInitializer(IFieldSymbol field, SemanticModel? model)
    {
        if ((!field.IsConst && !field.IsReadOnly) || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
        {
            return null;
        }

        return field.IsConst || !IsAssignedInConstructor(field, model) ? initializer : null;
    }

    /// <summary>
    /// True unless every constructor that can assign the read-only field is known not to: each one declared in source is
    /// bound with <paramref name="model"/> and none of its operations writes the field (an assignment of any kind, a
    /// <c>ref</c> or <c>out</c> argument, a deconstruction). A constructor in another file cannot be bound from an
    /// analyzer (only the semantic model of the analyzed file is at hand), so a field with one counts as assigned: the
    /// rules then treat its value as configuration and stay silent rather than guess.
    /// </summary>
    private static bool IsAssignedInConstructor(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null)
        {
            return true;
        }

        var written = ConstructorWrites.GetValue(model, static _ => new System.Collections.Concurrent.ConcurrentDictionary<(INamedTypeSymbol, bool), HashSet<IFieldSymbol>?>())
            .GetOrAdd((field.ContainingType.OriginalDefinition, field.IsStatic), key => FindConstructorWrites(key.Item1, key.Item2, model));
        return written is null || written.Contains(field.OriginalDefinition);
    }

    /// <summary>The fields of a type the constructors of its kind write: computed once per type and semantic model.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SemanticModel, System.Collections.Concurrent.ConcurrentDictionary<(INamedTypeSymbol Type, bool Static), HashSet<IFieldSymbol>?>> ConstructorWrites = new();

    /// <summary>The fields the type's constructors (static or instance) write, or null when one of them cannot be bound from <paramref name="model"/>.</summary>
    private static HashSet<IFieldSymbol>? FindConstructorWrites(INamedTypeSymbol type, bool isStatic, SemanticModel model)
    {
        var written = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        foreach (var constructor in isStatic ? type.StaticConstructors : type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree || model.GetOperation(reference.GetSyntax()) is not { } body)
                {
                    return null;
                }

                foreach (var operation in body.GetDescendants())
                {
                    if (operation is IFieldReferenceOperation fieldReference && IsWritten(fieldReference))
                    {
                        written.Add(fieldReference.Field.OriginalDefinition);
                    }
                }
            }
        }

        return written;
    }

    /// <summary>True when the reference is the target of a write: an assignment, a <c>ref</c>/<c>out</c> argument, a deconstruction, <c>++</c>.</summary>
    private static bool IsWritten(IOperation reference)
    {
        var current = reference;
        while (current.Parent is ITupleOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == current,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            IIncrementOrDecrementOperation => true,
            _ => false,
        };
    }

    internal static bool IsPathCombine(IInvocationOperation call, MlNetSymbols symbols, out List<IOperation> parts)
    {
        parts = new List<IOperation>();
        var method = call.TargetMethod;
        if (!method.IsStatic || method.Name is not ("Combine" or "Join") || !ArtifactSymbols.Is(method.ContainingType, symbols.Artifacts.Path))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                parts.AddRange(initializer.ElementValues);
            }
            else if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                parts.Add(argument.Value);
            }
            else
            {
                // Path.Combine(string[] paths) with an array built elsewhere, or ReadOnlySpan parts: not followed.
                parts.Clear();
                return false;
            }
        }

        return true;
    }

    private static bool IsTemporaryFile(IOperation path, MlNetSymbols symbols)
    {
        if (GetConstantTail(path, symbols) is { } tail)
        {
            var lower = tail.ToLowerInvariant();
            return lower.EndsWith(".tmp", StringComparison.Ordinal) || lower.EndsWith(".temp", StringComparison.Ordinal) || lower.EndsWith(".partial", StringComparison.Ordinal);
        }

        var value = path.WalkDownConversion();
        if (value is ILocalReferenceOperation local && DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned)
        {
            value = assigned.WalkDownConversion();
        }

        return value is IInvocationOperation { TargetMethod.Name: "GetTempFileName" or "GetRandomFileName" } call
            && ArtifactSymbols.Is(call.TargetMethod.ContainingType, symbols.Artifacts.Path);
    }

    private static void ReadUploadRequest(IOperation request, ref IOperation? path, ref IOperation? stream)
    {
        var value = request.WalkDownConversion();
        if (value is ILocalReferenceOperation local && DataFlow.GetSingleAssignedValue(value.GetRoot(), local.Local) is { } assigned)
        {
            value = assigned.WalkDownConversion();
        }

        if (value is not IObjectCreationOperation { Initializer: { } initializer })
        {
            return;
        }

        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
            {
                if (property.Property.Name == "FilePath")
                {
                    path ??= assignment.Value;
                }
                else if (property.Property.Name == "InputStream")
                {
                    stream ??= assignment.Value;
                }
            }
        }
    }

    private static IArgumentOperation? FindArgument(IOperation value)
    {
        for (var current = value.Parent; current is not null; current = current.Parent)
        {
            if (current is IArgumentOperation argument)
            {
                return argument;
            }
        }

        return null;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
