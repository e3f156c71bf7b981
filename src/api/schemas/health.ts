import { Type } from 'typebox';

export const Liveness = Type.Object({ status: Type.Literal('ok') }, { description: 'The process is up' });

export const ServingModelRef = Type.Object({ name: Type.String(), version: Type.String() });

export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  reasons: Type.Array(Type.String(), { description: 'Why the server cannot serve yet; empty when ready' }),
  model: Type.Union([ServingModelRef, Type.Null()], { description: 'The model serving: the registry\'s champion when it was loaded' }),
});
