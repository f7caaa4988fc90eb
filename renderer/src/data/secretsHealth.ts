// Which secrets the system keychain would not give back, and what that stops: part of the core's health,
// read with the same query as the database's (one request every few seconds for both).

import { useQuery } from '@tanstack/react-query';
import type { SecretProblem } from '../../../shared/api';
import { useApi } from './api';

const EVERY_MS = 5000;

export function useSecretProblems(): SecretProblem[] {
  const api = useApi();
  const { data } = useQuery({ queryKey: ['health'], queryFn: () => api.health(), refetchInterval: EVERY_MS });
  return data?.secrets ?? [];
}
